/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n      arn\n      name\n      isAdmin\n    }\n  }\n": typeof types.MeDocument,
    "\n  query PublicChannels($first: Int = 50) {\n    channels(privacy: PUBLIC, first: $first) {\n      edges {\n        node {\n          ...ChannelFields\n          lastMessageAt\n        }\n      }\n    }\n  }\n": typeof types.PublicChannelsDocument,
    "\n  query Moderators($channelArn: ID!, $first: Int = 50) {\n    moderators(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          moderator {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ModeratorsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      ...ChannelFields\n    }\n  }\n": typeof types.CreateChannelDocument,
    "\n  mutation JoinChannel($channelArn: ID!) {\n    joinChannel(channelArn: $channelArn) {\n      id\n    }\n  }\n": typeof types.JoinChannelDocument,
    "\n  mutation LeaveChannel($channelArn: ID!) {\n    leaveChannel(channelArn: $channelArn)\n  }\n": typeof types.LeaveChannelDocument,
    "\n  mutation MarkChannelRead($channelArn: ID!) {\n    markChannelRead(channelArn: $channelArn) {\n      ...MyChannelFields\n    }\n  }\n": typeof types.MarkChannelReadDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      messageId\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation RedactMessage($channelArn: ID!, $messageId: ID!) {\n    redactMessage(channelArn: $channelArn, messageId: $messageId) {\n      ...MessageFields\n    }\n  }\n": typeof types.RedactMessageDocument,
    "\n  mutation DeleteMessage($channelArn: ID!, $messageId: ID!) {\n    deleteMessage(channelArn: $channelArn, messageId: $messageId)\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation AddMembers($input: AddMembersInput!) {\n    addMembers(input: $input) {\n      memberships {\n        id\n      }\n      errors {\n        memberArn\n        code\n      }\n    }\n  }\n": typeof types.AddMembersDocument,
    "\n  fragment MessageFields on Message {\n    channelArn\n    messageId\n    content\n    metadata\n    type\n    createdAt\n    updatedAt\n    editedAt\n    redacted\n    status {\n      value\n      detail\n    }\n    sender {\n      id\n      arn\n      userId\n      name\n    }\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  fragment MyChannelFields on MyChannel {\n    id\n    membershipType\n    readMarkerAt\n    lastMessageAt\n    hasUnread\n    unread {\n      count\n      capped\n    }\n    channel {\n      id\n      arn\n      name\n      privacy\n      mode\n      lastMessageAt\n    }\n  }\n": typeof types.MyChannelFieldsFragmentDoc,
    "\n  mutation RealtimeCredentials {\n    credentials {\n      accessKeyId\n      secretAccessKey\n      sessionToken\n      expiration\n      region\n      userArn\n      messagingSessionEndpoint\n    }\n  }\n": typeof types.RealtimeCredentialsDocument,
    "\n  query MessageStatus($channelArn: ID!, $messageId: ID!) {\n    messageStatus(channelArn: $channelArn, messageId: $messageId) {\n      value\n      detail\n    }\n  }\n": typeof types.MessageStatusDocument,
    "\n  mutation SignalTyping($channelArn: ID!) {\n    signalTyping(channelArn: $channelArn)\n  }\n": typeof types.SignalTypingDocument,
    "\n  query Messages($channelArn: ID!, $first: Int, $after: String, $notBefore: DateTime) {\n    messages(channelArn: $channelArn, first: $first, after: $after, notBefore: $notBefore) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MessagesDocument,
    "\n  query MyChannels($first: Int = 50) {\n    myChannels(first: $first) {\n      edges {\n        node {\n          ...MyChannelFields\n        }\n      }\n    }\n  }\n": typeof types.MyChannelsDocument,
    "\n  query Members($channelArn: ID!, $first: Int = 50) {\n    members(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          member {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  fragment ChannelFields on Channel {\n    id\n    arn\n    name\n    privacy\n    mode\n  }\n": typeof types.ChannelFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      arn\n      name\n      isAdmin\n    }\n  }\n": types.MeDocument,
    "\n  query PublicChannels($first: Int = 50) {\n    channels(privacy: PUBLIC, first: $first) {\n      edges {\n        node {\n          ...ChannelFields\n          lastMessageAt\n        }\n      }\n    }\n  }\n": types.PublicChannelsDocument,
    "\n  query Moderators($channelArn: ID!, $first: Int = 50) {\n    moderators(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          moderator {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ModeratorsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      ...ChannelFields\n    }\n  }\n": types.CreateChannelDocument,
    "\n  mutation JoinChannel($channelArn: ID!) {\n    joinChannel(channelArn: $channelArn) {\n      id\n    }\n  }\n": types.JoinChannelDocument,
    "\n  mutation LeaveChannel($channelArn: ID!) {\n    leaveChannel(channelArn: $channelArn)\n  }\n": types.LeaveChannelDocument,
    "\n  mutation MarkChannelRead($channelArn: ID!) {\n    markChannelRead(channelArn: $channelArn) {\n      ...MyChannelFields\n    }\n  }\n": types.MarkChannelReadDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      messageId\n      message {\n        ...MessageFields\n      }\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation RedactMessage($channelArn: ID!, $messageId: ID!) {\n    redactMessage(channelArn: $channelArn, messageId: $messageId) {\n      ...MessageFields\n    }\n  }\n": types.RedactMessageDocument,
    "\n  mutation DeleteMessage($channelArn: ID!, $messageId: ID!) {\n    deleteMessage(channelArn: $channelArn, messageId: $messageId)\n  }\n": types.DeleteMessageDocument,
    "\n  mutation AddMembers($input: AddMembersInput!) {\n    addMembers(input: $input) {\n      memberships {\n        id\n      }\n      errors {\n        memberArn\n        code\n      }\n    }\n  }\n": types.AddMembersDocument,
    "\n  fragment MessageFields on Message {\n    channelArn\n    messageId\n    content\n    metadata\n    type\n    createdAt\n    updatedAt\n    editedAt\n    redacted\n    status {\n      value\n      detail\n    }\n    sender {\n      id\n      arn\n      userId\n      name\n    }\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  fragment MyChannelFields on MyChannel {\n    id\n    membershipType\n    readMarkerAt\n    lastMessageAt\n    hasUnread\n    unread {\n      count\n      capped\n    }\n    channel {\n      id\n      arn\n      name\n      privacy\n      mode\n      lastMessageAt\n    }\n  }\n": types.MyChannelFieldsFragmentDoc,
    "\n  mutation RealtimeCredentials {\n    credentials {\n      accessKeyId\n      secretAccessKey\n      sessionToken\n      expiration\n      region\n      userArn\n      messagingSessionEndpoint\n    }\n  }\n": types.RealtimeCredentialsDocument,
    "\n  query MessageStatus($channelArn: ID!, $messageId: ID!) {\n    messageStatus(channelArn: $channelArn, messageId: $messageId) {\n      value\n      detail\n    }\n  }\n": types.MessageStatusDocument,
    "\n  mutation SignalTyping($channelArn: ID!) {\n    signalTyping(channelArn: $channelArn)\n  }\n": types.SignalTypingDocument,
    "\n  query Messages($channelArn: ID!, $first: Int, $after: String, $notBefore: DateTime) {\n    messages(channelArn: $channelArn, first: $first, after: $after, notBefore: $notBefore) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MessagesDocument,
    "\n  query MyChannels($first: Int = 50) {\n    myChannels(first: $first) {\n      edges {\n        node {\n          ...MyChannelFields\n        }\n      }\n    }\n  }\n": types.MyChannelsDocument,
    "\n  query Members($channelArn: ID!, $first: Int = 50) {\n    members(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          member {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n": types.MembersDocument,
    "\n  fragment ChannelFields on Channel {\n    id\n    arn\n    name\n    privacy\n    mode\n  }\n": types.ChannelFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      arn\n      name\n      isAdmin\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      arn\n      name\n      isAdmin\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicChannels($first: Int = 50) {\n    channels(privacy: PUBLIC, first: $first) {\n      edges {\n        node {\n          ...ChannelFields\n          lastMessageAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublicChannels($first: Int = 50) {\n    channels(privacy: PUBLIC, first: $first) {\n      edges {\n        node {\n          ...ChannelFields\n          lastMessageAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Moderators($channelArn: ID!, $first: Int = 50) {\n    moderators(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          moderator {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Moderators($channelArn: ID!, $first: Int = 50) {\n    moderators(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          moderator {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      ...ChannelFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      ...ChannelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinChannel($channelArn: ID!) {\n    joinChannel(channelArn: $channelArn) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation JoinChannel($channelArn: ID!) {\n    joinChannel(channelArn: $channelArn) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveChannel($channelArn: ID!) {\n    leaveChannel(channelArn: $channelArn)\n  }\n"): (typeof documents)["\n  mutation LeaveChannel($channelArn: ID!) {\n    leaveChannel(channelArn: $channelArn)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkChannelRead($channelArn: ID!) {\n    markChannelRead(channelArn: $channelArn) {\n      ...MyChannelFields\n    }\n  }\n"): (typeof documents)["\n  mutation MarkChannelRead($channelArn: ID!) {\n    markChannelRead(channelArn: $channelArn) {\n      ...MyChannelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      messageId\n      message {\n        ...MessageFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      messageId\n      message {\n        ...MessageFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($input: EditMessageInput!) {\n    editMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedactMessage($channelArn: ID!, $messageId: ID!) {\n    redactMessage(channelArn: $channelArn, messageId: $messageId) {\n      ...MessageFields\n    }\n  }\n"): (typeof documents)["\n  mutation RedactMessage($channelArn: ID!, $messageId: ID!) {\n    redactMessage(channelArn: $channelArn, messageId: $messageId) {\n      ...MessageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($channelArn: ID!, $messageId: ID!) {\n    deleteMessage(channelArn: $channelArn, messageId: $messageId)\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($channelArn: ID!, $messageId: ID!) {\n    deleteMessage(channelArn: $channelArn, messageId: $messageId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembers($input: AddMembersInput!) {\n    addMembers(input: $input) {\n      memberships {\n        id\n      }\n      errors {\n        memberArn\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembers($input: AddMembersInput!) {\n    addMembers(input: $input) {\n      memberships {\n        id\n      }\n      errors {\n        memberArn\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    channelArn\n    messageId\n    content\n    metadata\n    type\n    createdAt\n    updatedAt\n    editedAt\n    redacted\n    status {\n      value\n      detail\n    }\n    sender {\n      id\n      arn\n      userId\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment MessageFields on Message {\n    channelArn\n    messageId\n    content\n    metadata\n    type\n    createdAt\n    updatedAt\n    editedAt\n    redacted\n    status {\n      value\n      detail\n    }\n    sender {\n      id\n      arn\n      userId\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MyChannelFields on MyChannel {\n    id\n    membershipType\n    readMarkerAt\n    lastMessageAt\n    hasUnread\n    unread {\n      count\n      capped\n    }\n    channel {\n      id\n      arn\n      name\n      privacy\n      mode\n      lastMessageAt\n    }\n  }\n"): (typeof documents)["\n  fragment MyChannelFields on MyChannel {\n    id\n    membershipType\n    readMarkerAt\n    lastMessageAt\n    hasUnread\n    unread {\n      count\n      capped\n    }\n    channel {\n      id\n      arn\n      name\n      privacy\n      mode\n      lastMessageAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RealtimeCredentials {\n    credentials {\n      accessKeyId\n      secretAccessKey\n      sessionToken\n      expiration\n      region\n      userArn\n      messagingSessionEndpoint\n    }\n  }\n"): (typeof documents)["\n  mutation RealtimeCredentials {\n    credentials {\n      accessKeyId\n      secretAccessKey\n      sessionToken\n      expiration\n      region\n      userArn\n      messagingSessionEndpoint\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageStatus($channelArn: ID!, $messageId: ID!) {\n    messageStatus(channelArn: $channelArn, messageId: $messageId) {\n      value\n      detail\n    }\n  }\n"): (typeof documents)["\n  query MessageStatus($channelArn: ID!, $messageId: ID!) {\n    messageStatus(channelArn: $channelArn, messageId: $messageId) {\n      value\n      detail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignalTyping($channelArn: ID!) {\n    signalTyping(channelArn: $channelArn)\n  }\n"): (typeof documents)["\n  mutation SignalTyping($channelArn: ID!) {\n    signalTyping(channelArn: $channelArn)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Messages($channelArn: ID!, $first: Int, $after: String, $notBefore: DateTime) {\n    messages(channelArn: $channelArn, first: $first, after: $after, notBefore: $notBefore) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Messages($channelArn: ID!, $first: Int, $after: String, $notBefore: DateTime) {\n    messages(channelArn: $channelArn, first: $first, after: $after, notBefore: $notBefore) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyChannels($first: Int = 50) {\n    myChannels(first: $first) {\n      edges {\n        node {\n          ...MyChannelFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyChannels($first: Int = 50) {\n    myChannels(first: $first) {\n      edges {\n        node {\n          ...MyChannelFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members($channelArn: ID!, $first: Int = 50) {\n    members(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          member {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Members($channelArn: ID!, $first: Int = 50) {\n    members(channelArn: $channelArn, first: $first) {\n      edges {\n        node {\n          id\n          member {\n            id\n            arn\n            userId\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChannelFields on Channel {\n    id\n    arn\n    name\n    privacy\n    mode\n  }\n"): (typeof documents)["\n  fragment ChannelFields on Channel {\n    id\n    arn\n    name\n    privacy\n    mode\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;