/**
 * `prefetch-on=connect`: right after SESSION_ESTABLISHED, one CHANNEL_DETAILS event per channel of the
 * user (up to 50), each with the channel, its newest messages (up to 20 the user may see), up to 30
 * memberships and the user's read marker. `prefetch-sort-by` orders the channels: `unread` first, or
 * by `last-message-timestamp`, newest first. The limits are the developer guide's.
 */
import type { Store } from "../store/store";
import { channelSummaryView, identityOf, messageSummaryView } from "../chime/views";

const MAX_CHANNELS = 50;
const MAX_MESSAGES = 20;
const MAX_MEMBERSHIPS = 30;

export type PrefetchSortBy = "unread" | "last-message-timestamp" | undefined;

export interface ChannelDetails {
  Channel: ReturnType<typeof channelSummaryView>;
  ChannelMessages: ReturnType<typeof messageSummaryView>[];
  ChannelMemberships: { Member: ReturnType<typeof identityOf> }[];
  ReadMarkerTimestamp?: Date;
  ChannelMessagesHasMore: boolean;
}

export function channelDetailsFor(
  store: Pick<Store, "listMembershipsOfUser" | "listMessages" | "listMemberships" | "getUser">,
  userArn: string,
  sortBy: PrefetchSortBy,
): ChannelDetails[] {
  const memberships = store.listMembershipsOfUser(userArn, undefined, MAX_CHANNELS).items;
  const details = memberships.map((membership): ChannelDetails => {
    const messages = store.listMessages({
      channelArn: membership.channelArn,
      order: "DESCENDING",
      viewerArn: userArn,
      limit: MAX_MESSAGES,
    });
    const members = store.listMemberships(membership.channelArn, "DEFAULT", undefined, MAX_MEMBERSHIPS).items;
    return {
      Channel: channelSummaryView(membership.channel),
      ChannelMessages: messages.items.map(messageSummaryView),
      ChannelMemberships: members.map((m) => ({ Member: identityOf(store, m.memberArn) })),
      ReadMarkerTimestamp: membership.readMarkerAt === null ? undefined : new Date(membership.readMarkerAt),
      ChannelMessagesHasMore: messages.hasMore,
    };
  });
  const lastMessage = (d: ChannelDetails) => d.Channel.LastMessageTimestamp?.getTime() ?? 0;
  const unread = (d: ChannelDetails) => lastMessage(d) > (d.ReadMarkerTimestamp?.getTime() ?? 0);
  if (sortBy === "last-message-timestamp") details.sort((a, b) => lastMessage(b) - lastMessage(a));
  if (sortBy === "unread")
    details.sort((a, b) => Number(unread(b)) - Number(unread(a)) || lastMessage(b) - lastMessage(a));
  return details;
}
