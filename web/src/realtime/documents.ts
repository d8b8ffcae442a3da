/**
 * The GraphQL documents the realtime module uses and keeps fresh: the credentials it connects with, the
 * typing signal, and the lists events change (messages, the caller's channels, members). The chat UI queries the same
 * documents, so what the socket writes is what the screens read.
 */
import { graphql } from "../graphql/generated";

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    channelArn
    messageId
    content
    metadata
    type
    createdAt
    updatedAt
    editedAt
    redacted
    status {
      value
      detail
    }
    sender {
      id
      arn
      userId
      name
    }
  }
`);

export const MyChannelFields = graphql(`
  fragment MyChannelFields on MyChannel {
    id
    membershipType
    readMarkerAt
    lastMessageAt
    hasUnread
    unread {
      count
      capped
    }
    channel {
      id
      arn
      name
      privacy
      mode
      lastMessageAt
    }
  }
`);

export const RealtimeCredentials = graphql(`
  mutation RealtimeCredentials {
    credentials {
      accessKeyId
      secretAccessKey
      sessionToken
      expiration
      region
      userArn
      messagingSessionEndpoint
    }
  }
`);

/** Why one of the user's own messages was denied (or failed): the reason moderation kept for its sender. */
export const MessageStatus = graphql(`
  query MessageStatus($channelArn: ID!, $messageId: ID!) {
    messageStatus(channelArn: $channelArn, messageId: $messageId) {
      value
      detail
    }
  }
`);

export const SignalTyping = graphql(`
  mutation SignalTyping($channelArn: ID!) {
    signalTyping(channelArn: $channelArn)
  }
`);

/** One list per channel in the cache, newest first, whatever page or window filled it (cachePolicies.ts). */
export const Messages = graphql(`
  query Messages($channelArn: ID!, $first: Int, $after: String, $notBefore: DateTime) {
    messages(channelArn: $channelArn, first: $first, after: $after, notBefore: $notBefore) {
      edges {
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// Page sizes are variables: graphql-armor multiplies a literal `first` into the query's cost (a page of 50
// channels written inline costs over the API's limit of 5,000), not a variable.
export const MyChannels = graphql(`
  query MyChannels($first: Int = 50) {
    myChannels(first: $first) {
      edges {
        node {
          ...MyChannelFields
        }
      }
    }
  }
`);

export const Members = graphql(`
  query Members($channelArn: ID!, $first: Int = 50) {
    members(channelArn: $channelArn, first: $first) {
      edges {
        node {
          id
          member {
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

export const ChannelFields = graphql(`
  fragment ChannelFields on Channel {
    id
    arn
    name
    privacy
    mode
  }
`);
