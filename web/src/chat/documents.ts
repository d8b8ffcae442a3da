/** The chat screens' own GraphQL documents (the lists the socket updates are in realtime/documents.ts). */
import { graphql } from "../graphql/generated";

export const Me = graphql(`
  query Me {
    me {
      id
      arn
      name
      isAdmin
    }
  }
`);

export const PublicChannels = graphql(`
  query PublicChannels($first: Int = 50) {
    channels(privacy: PUBLIC, first: $first) {
      edges {
        node {
          ...ChannelFields
          lastMessageAt
        }
      }
    }
  }
`);

export const Moderators = graphql(`
  query Moderators($channelArn: ID!, $first: Int = 50) {
    moderators(channelArn: $channelArn, first: $first) {
      edges {
        node {
          id
          moderator {
            id
            arn
            userId
            name
          }
        }
      }
    }
  }
`);

export const CreateChannel = graphql(`
  mutation CreateChannel($input: CreateChannelInput!) {
    createChannel(input: $input) {
      ...ChannelFields
    }
  }
`);

export const JoinChannel = graphql(`
  mutation JoinChannel($channelArn: ID!) {
    joinChannel(channelArn: $channelArn) {
      id
    }
  }
`);

export const LeaveChannel = graphql(`
  mutation LeaveChannel($channelArn: ID!) {
    leaveChannel(channelArn: $channelArn)
  }
`);

export const MarkChannelRead = graphql(`
  mutation MarkChannelRead($channelArn: ID!) {
    markChannelRead(channelArn: $channelArn) {
      ...MyChannelFields
    }
  }
`);

export const SendMessage = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      messageId
      message {
        ...MessageFields
      }
    }
  }
`);

export const EditMessage = graphql(`
  mutation EditMessage($input: EditMessageInput!) {
    editMessage(input: $input) {
      ...MessageFields
    }
  }
`);

export const RedactMessage = graphql(`
  mutation RedactMessage($channelArn: ID!, $messageId: ID!) {
    redactMessage(channelArn: $channelArn, messageId: $messageId) {
      ...MessageFields
    }
  }
`);

export const DeleteMessage = graphql(`
  mutation DeleteMessage($channelArn: ID!, $messageId: ID!) {
    deleteMessage(channelArn: $channelArn, messageId: $messageId)
  }
`);

export const AddMembers = graphql(`
  mutation AddMembers($input: AddMembersInput!) {
    addMembers(input: $input) {
      memberships {
        id
      }
      errors {
        memberArn
        code
      }
    }
  }
`);
