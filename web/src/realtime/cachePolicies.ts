/**
 * How the Apollo cache keys and merges what the socket and the API both deliver, so that a message is
 * one cache entry whichever way it came, and a channel's messages are one list, newest first, no matter
 * which page, window or event filled it. Pass these type policies to your InMemoryCache.
 */
import type { FieldMergeFunction, Reference, TypePolicies } from "@apollo/client";

interface MessageList {
  edges: { node: Reference }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** What the `messages` field's arguments say about a result. */
interface MessagesArgs {
  channelArn?: string;
  /** An older page, continuing a list. */
  after?: string | null;
  /** A window of newer messages: a catch-up after a reconnect, or a message from the socket. */
  notBefore?: string | null;
}

/** The channels whose messages are in the cache: the ones to catch up after a reconnect. */
export type LoadedChannels = Set<string>;

function mergeMessages(loaded: LoadedChannels): FieldMergeFunction<MessageList, MessageList> {
  return (existing, incoming, { args, readField }) => {
    const { channelArn, after, notBefore } = (args ?? {}) as MessagesArgs;
    if (channelArn) loaded.add(channelArn);
    // API and socket timestamps are ISO-8601 UTC with milliseconds: they sort as strings.
    const createdAt = (edge: { node: Reference }) => readField<string>("createdAt", edge.node) ?? "";
    const newestFirst = (a: { node: Reference }, b: { node: Reference }) =>
      createdAt(b).localeCompare(createdAt(a)) || b.node.__ref.localeCompare(a.node.__ref);
    if (!existing) return { ...incoming, edges: [...incoming.edges].sort(newestFirst) };

    const arriving = new Set(incoming.edges.map((edge) => edge.node.__ref));
    let kept = existing.edges.filter((edge) => !arriving.has(edge.node.__ref));
    const isNewestPage = !after && !notBefore;
    if (isNewestPage && incoming.edges.length > 0) {
      // A fresh newest page: a message of its time span that it lacks was deleted meanwhile.
      const times = incoming.edges.map(createdAt).sort();
      const [oldest, newest] = [times[0], times[times.length - 1]];
      kept = kept.filter((edge) => createdAt(edge) < oldest || createdAt(edge) > newest);
    }
    const edges = [...kept, ...incoming.edges].sort(newestFirst);
    // Paging goes on from the oldest page loaded: an older page moves it; a window of new messages does
    // not; a newest page does only if no older pages were loaded before it.
    const olderLoaded = isNewestPage && kept.some((edge) => createdAt(edge) < createdAt(incoming.edges.at(-1) ?? edge));
    const pageInfo = (after && !notBefore) || (isNewestPage && !olderLoaded) ? incoming.pageInfo : existing.pageInfo;
    return { ...incoming, edges, pageInfo };
  };
}

export function realtimeTypePolicies(loaded: LoadedChannels): TypePolicies {
  return {
    // Socket events carry the channel and message ids, not the API's `id`: key messages by those.
    Message: { keyFields: ["channelArn", "messageId"] },
    // One per channel for the signed-in user.
    MyChannel: { keyFields: ["channel", ["arn"]] },
    Query: {
      fields: {
        messages: { keyArgs: ["channelArn"], merge: mergeMessages(loaded) },
      },
    },
  };
}
