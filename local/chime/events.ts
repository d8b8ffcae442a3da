/**
 * Channel events for the messaging-session WebSocket. Operations publish an event with its recipients,
 * computed when it happens (a removed member still hears of the removal); the WebSocket hub delivers
 * it to the recipients' open sockets. Event types, payloads and recipients follow the reference table
 * (docs/aws-behaviour.md §4).
 *
 * Every write operation, and what it announces (the readings are also beside each publish):
 * - CreateChannel: one CREATE_CHANNEL_MEMBERSHIP per initial member, the creator included (AWS has no
 *   channel-creation event; the channel reaches its members through their memberships: _reading_).
 * - CreateChannelMembership: CREATE_CHANNEL_MEMBERSHIP; BatchCreateChannelMembership: one
 *   BATCH_CREATE_CHANNEL_MEMBERSHIP for the members added (none when none was).
 * - DeleteChannelMembership, and CreateChannelBan of a member: DELETE_CHANNEL_MEMBERSHIP, heard by the
 *   removed member too.
 * - UpdateChannel: UPDATE_CHANNEL; DeleteChannel, and the expiry of a channel: DELETE_CHANNEL (to the
 *   members it had).
 * - Elastic channels (elastic.ts): each event of a sub-channel reaches that sub-channel's members only
 *   and carries its SubChannelId; a batch of members is announced one CREATE_CHANNEL_MEMBERSHIP each; a
 *   member transferred by balancing gets UPDATE_CHANNEL_MEMBERSHIP (no one else does); a moderator whose
 *   sub-channel balancing deleted gets DELETE_CHANNEL_MEMBERSHIP with the reason subchannel_DELETED.
 * - Send/Update/Redact/DeleteChannelMessage: CREATE/UPDATE/REDACT/DELETE_CHANNEL_MESSAGE.
 * - Send/UpdateChannelMessage of a STANDARD message on a channel with a flow (channelFlows.ts): first
 *   PENDING_CREATE/PENDING_UPDATE_CHANNEL_MESSAGE to the sender only; then, once the flow is done,
 *   CREATE/UPDATE_CHANNEL_MESSAGE to the members (SENT), or DENIED_* or FAILED_* to the sender only
 *   (DG "Sending messages", the table of intermediate status events).
 * - Nothing: Create/DeleteChannelModerator, DeleteChannelBan, a ban of a non-member,
 *   UpdateChannelReadMarker (the reference lists no such events), and the identity operations
 *   (AppInstance, AppInstanceUser, AppInstanceAdmin: the reference has no identity events; a deleted
 *   or expired user's memberships go with it silently, _reading_), tags, expiration and retention
 *   settings, and messages removed by retention (AWS documents no event for any of them).
 */
import type { Store } from "../store/store";

export type ChannelEventType =
  | "CREATE_CHANNEL_MESSAGE"
  | "UPDATE_CHANNEL_MESSAGE"
  | "REDACT_CHANNEL_MESSAGE"
  | "DELETE_CHANNEL_MESSAGE"
  | "PENDING_CREATE_CHANNEL_MESSAGE"
  | "PENDING_UPDATE_CHANNEL_MESSAGE"
  | "FAILED_CREATE_CHANNEL_MESSAGE"
  | "FAILED_UPDATE_CHANNEL_MESSAGE"
  | "DENIED_CREATE_CHANNEL_MESSAGE"
  | "DENIED_UPDATE_CHANNEL_MESSAGE"
  | "UPDATE_CHANNEL"
  | "DELETE_CHANNEL"
  | "CREATE_CHANNEL_MEMBERSHIP"
  | "DELETE_CHANNEL_MEMBERSHIP"
  | "UPDATE_CHANNEL_MEMBERSHIP"
  | "BATCH_CREATE_CHANNEL_MEMBERSHIP";

export interface ChannelEvent {
  type: ChannelEventType;
  /** STANDARD or CONTROL for user messages of that type, SYSTEM for everything else. */
  messageType: "STANDARD" | "CONTROL" | "SYSTEM";
  /** The REST shape of the same name (ChannelMessage, Channel, ChannelMembership, ...). */
  payload: unknown;
  /** AppInstanceUser ARNs that receive it. */
  recipients: readonly string[];
  /** `x-amz-chime-event-reason`: only `subchannel_DELETED` is documented. */
  reason?: string;
}

export type ChannelEventListener = (event: ChannelEvent) => void;

export interface ChannelEvents {
  publish(event: ChannelEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: ChannelEventListener): () => void;
}

export function createChannelEvents(): ChannelEvents {
  const listeners = new Set<ChannelEventListener>();
  return {
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Everybody who hears a channel's events: its members, hidden members included (they observe). */
export function channelAudience(store: Pick<Store, "listMemberArns">, channelArn: string): string[] {
  return store.listMemberArns(channelArn);
}
