import type { MembershipRow, Store } from "../../../store/store";
import { channelAudience, type ChannelEvents } from "../../events";
import { membershipView } from "../../views";

/** An added member and the channel's members hear of it (the added one is a member by now). */
export function announceAddition(
  events: ChannelEvents,
  store: Pick<Store, "listMemberArns" | "getUser">,
  added: MembershipRow,
): void {
  events.publish({
    type: "CREATE_CHANNEL_MEMBERSHIP",
    messageType: "SYSTEM",
    payload: membershipView(store, added),
    recipients: channelAudience(store, added.channelArn),
  });
}

/** A removed member (who left, was removed or was banned) and the remaining members hear of it. */
export function announceRemoval(
  events: ChannelEvents,
  store: Pick<Store, "listMemberArns" | "getUser">,
  removed: MembershipRow,
): void {
  events.publish({
    type: "DELETE_CHANNEL_MEMBERSHIP",
    messageType: "SYSTEM",
    payload: membershipView(store, removed),
    recipients: [...channelAudience(store, removed.channelArn), removed.memberArn],
  });
}
