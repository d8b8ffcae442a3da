/**
 * `prefetch-on=connect`: right after SESSION_ESTABLISHED, one CHANNEL_DETAILS event per channel of the
 * user (up to 50), each with the channel, its newest messages (up to 20 the user may see), up to 30
 * memberships and the user's read marker. `prefetch-sort-by` orders the channels: `unread` first, or
 * by `last-message-timestamp`, newest first. The limits are the developer guide's.
 * Without `prefetch-sort-by` (or with a value AWS does not list), the order is amazon-chime-sdk-js's
 * documented default (MessagingSessionConfiguration.prefetchSortBy): channels with unread messages
 * first, then by the latest message. The developer guide calls the order random; the SDK's reading is
 * the more useful one, and a client that relies on neither is right with both.
 */
import type { Store } from "../store/store";
import { channelSummaryView, identityOf, messageSummaryView } from "../chime/views";
import { subChannelOf } from "../chime/elastic";
import { retentionCutoff } from "../chime/retention";

const MAX_CHANNELS = 50;
const MAX_MESSAGES = 20;
const MAX_MEMBERSHIPS = 30;

export type PrefetchSortBy = "unread" | "last-message-timestamp";

/** The query parameter's value; anything else gets the default order. */
export function prefetchSortBy(value: string | null): PrefetchSortBy {
  return value === "last-message-timestamp" ? value : "unread";
}

export interface ChannelDetails {
  Channel: ReturnType<typeof channelSummaryView>;
  ChannelMessages: ReturnType<typeof messageSummaryView>[];
  ChannelMemberships: { Member: ReturnType<typeof identityOf> }[];
  ReadMarkerTimestamp?: Date;
  ChannelMessagesHasMore: boolean;
}

export function channelDetailsFor(
  store: Pick<
    Store,
    | "listMembershipsOfUser"
    | "listMessages"
    | "listMemberships"
    | "getUser"
    | "subChannelMembershipsOf"
    | "listSubChannelMemberships"
    | "getRetention"
  >,
  userArn: string,
  sortBy: PrefetchSortBy,
  now: number,
): ChannelDetails[] {
  const appInstanceArn = store.getUser(userArn)?.appInstanceArn;
  // Messages past the app instance's retention period are gone for its users (retention.ts).
  const visibleSince = appInstanceArn === undefined ? undefined : retentionCutoff(store, appInstanceArn, now);
  // The 50 are the first 50 in the sort order ("the first 50 channels matching the PrefetchSortBy"),
  // so all the user's channels are ranked before any is detailed.
  const memberships: ReturnType<Store["listMembershipsOfUser"]>["items"] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.listMembershipsOfUser(userArn, after, 1000);
    memberships.push(...page.items);
    if (!page.hasMore || page.items.length === 0) break;
    after = page.items[page.items.length - 1].channelArn;
  }
  const lastMessage = (m: (typeof memberships)[number]) => m.channel.lastMessageAt ?? 0;
  const unread = (m: (typeof memberships)[number]) => lastMessage(m) > (m.readMarkerAt ?? 0);
  if (sortBy === "last-message-timestamp") memberships.sort((a, b) => lastMessage(b) - lastMessage(a));
  else memberships.sort((a, b) => Number(unread(b)) - Number(unread(a)) || lastMessage(b) - lastMessage(a));
  return memberships.slice(0, MAX_CHANNELS).map((membership): ChannelDetails => {
    // An elastic channel's messages and members are those of the user's sub-channel.
    const subChannelId = subChannelOf(store, membership.channel, userArn);
    const messages = store.listMessages({
      channelArn: membership.channelArn,
      order: "DESCENDING",
      viewerArn: userArn,
      subChannelId,
      notBefore: visibleSince,
      limit: MAX_MESSAGES,
    });
    const members = (
      subChannelId === undefined
        ? store.listMemberships(membership.channelArn, "DEFAULT", undefined, MAX_MEMBERSHIPS)
        : store.listSubChannelMemberships(membership.channelArn, subChannelId, undefined, MAX_MEMBERSHIPS)
    ).items;
    return {
      Channel: channelSummaryView(membership.channel),
      ChannelMessages: messages.items.map(messageSummaryView),
      ChannelMemberships: members.map((m) => ({ Member: identityOf(store, m.memberArn) })),
      ReadMarkerTimestamp: membership.readMarkerAt === null ? undefined : new Date(membership.readMarkerAt),
      ChannelMessagesHasMore: messages.hasMore,
    };
  });
}
