/**
 * What was missed while the socket was closed: events are not queued for a user who is not connected,
 * so once a session starts (the first time too: the screens' first queries raced the connection) the
 * channel list is fetched again, and each channel whose messages are in the cache gets every message
 * since the newest one it holds. The list's merge (cachePolicies.ts) adds each one once, in order.
 */
import type { ApolloClient } from "@apollo/client";
import { Messages, MyChannels } from "./documents";
import type { LoadedChannels } from "./cachePolicies";

const PAGE = 50;
/** A bound for a very long absence: past it, the newest page is read and older ones come on scroll. */
const MAX_PAGES = 20;

async function catchUpChannel(client: ApolloClient, channelArn: string): Promise<void> {
  const cached = client.cache.readQuery({ query: Messages, variables: { channelArn } });
  if (!cached) return;
  const newest = cached.messages.edges[0]?.node.createdAt;
  let after: string | null | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await client.query({
      query: Messages,
      // Inclusive: the newest message held comes again and is merged away.
      variables: newest ? { channelArn, first: PAGE, notBefore: newest, after } : { channelArn, first: PAGE },
      fetchPolicy: "network-only",
    });
    const pageInfo = data?.messages.pageInfo;
    if (!newest || !pageInfo?.hasNextPage) return;
    after = pageInfo.endCursor;
  }
  // Too much was missed: the list starts afresh from the newest page (no gap left in it).
  client.cache.evict({ id: "ROOT_QUERY", fieldName: "messages", args: { channelArn } });
  await client.query({ query: Messages, variables: { channelArn, first: PAGE }, fetchPolicy: "network-only" });
}

export async function catchUp(client: ApolloClient, loaded: LoadedChannels): Promise<void> {
  await Promise.all([
    // Through the screen's own query, so that only its newest request's answer lands (a separate query
    // sent before a leave could answer after the leave's refetch and bring the channel back).
    client.refetchQueries({ include: [MyChannels] }).catch(() => undefined),
    ...[...loaded].map((channelArn) =>
      // A channel left or deleted meanwhile answers FORBIDDEN: nothing to catch up there.
      catchUpChannel(client, channelArn).catch(() => loaded.delete(channelArn)),
    ),
  ]);
}
