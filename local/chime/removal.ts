/**
 * Removing a channel or a user, whether asked for (DeleteChannel, DeleteAppInstanceUser) or because
 * its expiration came (expiry.ts): the same deletion and the same events either way.
 */
import type { ChannelRow, Store } from "../store/store";
import { channelAudience, type ChannelEvents } from "./events";
import { channelView } from "./views";

/**
 * The channel goes with its memberships, moderators, bans, sub-channels and messages (the store
 * cascades) and its tags; the members it had hear DELETE_CHANNEL.
 */
export function removeChannel(
  store: Pick<Store, "transaction" | "deleteChannel" | "deleteTags" | "listMemberArns" | "getUser">,
  events: ChannelEvents,
  channel: ChannelRow,
): void {
  // Its members hear of it; they are gathered before the memberships go.
  const recipients = channelAudience(store, channel.arn);
  store.transaction(() => {
    store.deleteChannel(channel.arn);
    store.deleteTags(channel.arn);
  });
  events.publish({ type: "DELETE_CHANNEL", messageType: "SYSTEM", payload: channelView(store, channel), recipients });
}

/** The user goes with their memberships, moderator roles, bans, admin role and tags; their messages stay. */
export function removeUser(store: Pick<Store, "transaction" | "deleteUser" | "deleteTags">, userArn: string): void {
  store.transaction(() => {
    store.deleteUser(userArn);
    store.deleteTags(userArn);
  });
}
