/**
 * Socket events -> the Apollo cache. Payloads are the REST shapes with ISO-8601 timestamps
 * (docs/realtime.md, "What arrives on the socket"); they are written in the shape of the API's own
 * results (documents.ts), keyed as cachePolicies.ts says, so screens showing a channel's messages, the
 * channel list and members update by themselves.
 */
import { isReference, type ApolloClient, type Reference } from "@apollo/client";
import type { MessageFieldsFragment } from "../graphql/generated/graphql";
import { ChannelFields, Members, MessageFields, Messages, MessageStatus, MyChannels } from "./documents";
import { TYPING_SIGNAL_CONTENT, type TypingTracker } from "./typing";

interface ChannelMessagePayload {
  ChannelArn: string;
  MessageId: string;
  Content?: string;
  Metadata?: string;
  Type?: "STANDARD" | "CONTROL";
  Persistence?: "PERSISTENT" | "NON_PERSISTENT";
  CreatedTimestamp: string;
  LastUpdatedTimestamp?: string;
  LastEditedTimestamp?: string;
  Redacted?: boolean;
  Sender?: { Arn: string; Name?: string };
  /** SENT, or where the channel's moderation (a channel flow) has it: PENDING, DENIED, FAILED. */
  Status?: { Value?: "SENT" | "PENDING" | "DENIED" | "FAILED"; Detail?: string };
}

interface MembershipPayload {
  ChannelArn: string;
  Member?: { Arn: string };
  Members?: { Arn: string }[];
}

interface ChannelPayload {
  ChannelArn: string;
  Name?: string;
  Mode?: "UNRESTRICTED" | "RESTRICTED";
  Privacy?: "PUBLIC" | "PRIVATE";
}

export interface EventContext {
  client: ApolloClient;
  /** The signed-in user's AppInstanceUser ARN. */
  me: string;
  typing: TypingTracker;
}

/** A user in the API's shape: `<appInstanceArn>/user/<userId>`. */
function user(arn: string, name: string | undefined) {
  return { __typename: "User" as const, id: arn, arn, userId: arn.slice(arn.lastIndexOf("/") + 1), name: name ?? null };
}

function toMessage(payload: ChannelMessagePayload): MessageFieldsFragment {
  return {
    __typename: "Message",
    channelArn: payload.ChannelArn,
    messageId: payload.MessageId,
    content: payload.Content ?? null,
    metadata: payload.Metadata ?? null,
    type: payload.Type ?? "STANDARD",
    createdAt: payload.CreatedTimestamp,
    updatedAt: payload.LastUpdatedTimestamp ?? null,
    editedAt: payload.LastEditedTimestamp ?? null,
    redacted: payload.Redacted ?? false,
    status: {
      __typename: "MessageStatus",
      value: payload.Status?.Value ?? "SENT",
      detail: payload.Status?.Detail ?? null,
    },
    sender: payload.Sender ? user(payload.Sender.Arn, payload.Sender.Name) : null,
  };
}

/**
 * One of the user's own messages that moderation stopped: shown as such (it reached nobody, and is not
 * kept, so a reload drops it), with the reason moderation gives its sender, asked of the API.
 */
function markStopped(client: ApolloClient, message: MessageFieldsFragment): void {
  client.cache.writeFragment({ fragment: MessageFields, data: message });
  if (message.status?.value !== "DENIED") return;
  const variables = { channelArn: message.channelArn, messageId: message.messageId };
  void client
    .query({ query: MessageStatus, variables, fetchPolicy: "network-only" })
    .then(({ data }) => {
      if (data)
        client.cache.writeFragment({ fragment: MessageFields, data: { ...message, status: data.messageStatus } });
    })
    .catch(() => undefined);
}

/** Adds a message to its channel's list, if that list is in the cache (else the next fetch brings it). */
export function insertMessage(client: ApolloClient, message: MessageFieldsFragment): void {
  const { cache } = client;
  if (!cache.readQuery({ query: Messages, variables: { channelArn: message.channelArn } })) {
    cache.writeFragment({ fragment: MessageFields, data: message });
    return;
  }
  // A one-message window of new messages: the list's merge adds it once, in order (cachePolicies.ts).
  cache.writeQuery({
    query: Messages,
    variables: { channelArn: message.channelArn, notBefore: message.createdAt },
    data: {
      __typename: "Query",
      messages: {
        __typename: "MessageConnection",
        edges: [{ __typename: "MessageEdge", node: message }],
        pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
      },
    },
  });
}

export function removeMessage(client: ApolloClient, channelArn: string, messageId: string): void {
  const { cache } = client;
  const id = cache.identify({ __typename: "Message", channelArn, messageId });
  if (!id) return;
  cache.modify<{ messages: { edges: { node: Reference }[] } }>({
    id: "ROOT_QUERY",
    fields: {
      messages: (list) =>
        isReference(list) ? list : { ...list, edges: list.edges.filter((edge) => edge.node.__ref !== id) },
    },
  });
  cache.evict({ id });
  cache.gc();
}

/** Someone else's message in a channel: its last message time moves, and its unread count grows by one. */
function countUnread(client: ApolloClient, channelArn: string, at: string, fromMe: boolean): void {
  const { cache } = client;
  cache.modify({ id: cache.identify({ __typename: "Channel", id: channelArn }), fields: { lastMessageAt: () => at } });
  cache.modify<{ lastMessageAt: string | null; hasUnread: boolean; unread: { count: number; capped: boolean } | null }>(
    {
      id: cache.identify({ __typename: "MyChannel", channel: { __typename: "Channel", arn: channelArn } }),
      fields: {
        lastMessageAt: () => at,
        hasUnread: (unread) => unread || !fromMe,
        unread: (unread) =>
          unread && !isReference(unread) && !fromMe ? { ...unread, count: unread.count + 1 } : unread,
      },
    },
  );
}

function refetch(client: ApolloClient, query: typeof MyChannels | typeof Members): void {
  void client.refetchQueries({ include: [query] }).catch(() => undefined);
}

/** Applies one socket event. Unknown types are ignored (Chime may add some). */
export function applyEvent(context: EventContext, type: string, payloadText: string | null): void {
  const { client, me, typing } = context;
  const payload: unknown = payloadText ? JSON.parse(payloadText) : undefined;
  switch (type) {
    case "CREATE_CHANNEL_MESSAGE": {
      const event = payload as ChannelMessagePayload;
      const sender = event.Sender;
      if (event.Type === "CONTROL") {
        if (event.Content === TYPING_SIGNAL_CONTENT && sender && sender.Arn !== me) {
          typing.signal(event.ChannelArn, { arn: sender.Arn, name: sender.Name ?? "someone" });
        }
        return;
      }
      if (event.Persistence === "NON_PERSISTENT") return; // never listed; this client shows only stored messages
      if (sender) typing.clear(event.ChannelArn, sender.Arn);
      insertMessage(client, toMessage(event));
      countUnread(client, event.ChannelArn, event.CreatedTimestamp, sender?.Arn === me);
      return;
    }
    // Moderation (a channel flow), to the sender only: the message is checked first, then sent (the
    // CREATE above), or stopped. An edit under check changes nothing until its UPDATE comes.
    case "PENDING_CREATE_CHANNEL_MESSAGE":
      if ((payload as ChannelMessagePayload).Persistence !== "NON_PERSISTENT")
        insertMessage(client, toMessage(payload as ChannelMessagePayload));
      return;
    case "DENIED_CREATE_CHANNEL_MESSAGE":
    case "FAILED_CREATE_CHANNEL_MESSAGE":
      markStopped(client, toMessage(payload as ChannelMessagePayload));
      return;
    case "UPDATE_CHANNEL_MESSAGE":
    case "REDACT_CHANNEL_MESSAGE":
      client.cache.writeFragment({ fragment: MessageFields, data: toMessage(payload as ChannelMessagePayload) });
      return;
    case "DELETE_CHANNEL_MESSAGE": {
      const event = payload as ChannelMessagePayload;
      removeMessage(client, event.ChannelArn, event.MessageId);
      return;
    }
    case "CREATE_CHANNEL_MEMBERSHIP":
    case "BATCH_CREATE_CHANNEL_MEMBERSHIP":
    case "DELETE_CHANNEL_MEMBERSHIP": {
      const event = payload as MembershipPayload;
      const members = event.Members ?? (event.Member ? [event.Member] : []);
      // The user's own membership changed: the channel list; someone else's: that channel's members.
      refetch(client, members.some((member) => member.Arn === me) ? MyChannels : Members);
      return;
    }
    case "UPDATE_CHANNEL": {
      const event = payload as ChannelPayload;
      const id = client.cache.identify({ __typename: "Channel", id: event.ChannelArn });
      const current = id ? client.cache.readFragment({ id, fragment: ChannelFields }) : null;
      if (current)
        client.cache.writeFragment({
          id,
          fragment: ChannelFields,
          data: { ...current, name: event.Name ?? current.name, mode: event.Mode ?? current.mode },
        });
      return;
    }
    case "DELETE_CHANNEL":
      refetch(client, MyChannels);
      return;
    default:
      return;
  }
}
