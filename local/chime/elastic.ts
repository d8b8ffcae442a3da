/**
 * Elastic channels (DG "Using elastic channels to host live events" and the pages under it;
 * docs/aws-behaviour.md §7): one channel whose members are spread over sub-channels. A member sends,
 * receives and reads only within their sub-channel; moderators are channel-wide and may join several
 * sub-channels (they must name the one they join).
 *
 * Balancing, as the endpoint does it (AWS describes the actions, not the algorithm: _reading_):
 * - The minimum of a sub-channel is ceil(TargetMembershipsPerSubChannel × MinimumMembershipPercentage
 *   / 100) regular members ("Ceil of the calculated value is used in balancing").
 * - A new member joins the sub-channel with the fewest regular members that is below the target
 *   (the oldest on a tie). When all are full, SCALE_OUT: a new sub-channel is made (unless there are
 *   MaximumSubChannels already: ResourceLimitExceededException, the channel is full) and, so that it
 *   meets the minimum with the newcomer, minimum − 1 members are transferred to it from the oldest
 *   sub-channel, which keeps at least the minimum (the percentage is at most 40).
 * - When a member leaves a sub-channel that falls below the minimum, and another can take all its
 *   regular members without passing the target, SCALE_IN: they are transferred to the one with the
 *   fewest members, and the sub-channel is deleted with its messages. Its moderators lose that
 *   membership (DELETE_CHANNEL_MEMBERSHIP, reason `subchannel_DELETED`). The last sub-channel stays.
 * - A transferred member hears UPDATE_CHANNEL_MEMBERSHIP with the new SubChannelId; nobody else does.
 *   "Membership balancing does not affect moderator memberships."
 * The first sub-channel is made with the channel, so that moderators can join one before any member.
 *
 * Functions that change memberships run inside the caller's transaction and return the events to
 * publish once it has committed.
 */
import type { ChannelRow, MembershipRow, Store } from "../store/store";
import { isModeratorOrAdmin, type ChannelAccess } from "./access";
import { BadRequestError, ForbiddenError, NotFoundError, ResourceLimitExceededError } from "./errors";
import type { ChannelEvent } from "./events";
import type { IdGenerator } from "./services";
import { membershipView } from "./views";

/** Elastic channels exist in US East (N. Virginia) only (DG, "Using elastic channels"). */
export const ELASTIC_CHANNEL_REGION = "us-east-1";

type ElasticStore = Pick<
  Store,
  | "listSubChannels"
  | "insertSubChannel"
  | "getSubChannel"
  | "deleteSubChannel"
  | "insertSubChannelMembership"
  | "deleteSubChannelMembership"
  | "moveSubChannelMembership"
  | "subChannelMembershipsOf"
  | "subChannelMemberArns"
  | "regularMembersOf"
  | "insertMembership"
  | "getMembership"
  | "deleteMembership"
  | "getUser"
>;

/** The model's ElasticChannelConfiguration, whose members are all required (validated on the way in). */
export interface ElasticConfiguration {
  MaximumSubChannels: number;
  TargetMembershipsPerSubChannel: number;
  MinimumMembershipPercentage: number;
}

export function elasticConfigurationOf(channel: ChannelRow): ElasticConfiguration | undefined {
  return channel.elasticConfiguration === null
    ? undefined
    : (JSON.parse(channel.elasticConfiguration) as ElasticConfiguration);
}

export function isElastic(channel: ChannelRow): boolean {
  return channel.elasticConfiguration !== null;
}

function minimumMembers(configuration: ElasticConfiguration): number {
  return Math.ceil((configuration.TargetMembershipsPerSubChannel * configuration.MinimumMembershipPercentage) / 100);
}

/** What an elastic channel refuses, whatever the role (DG: no hidden memberships, read markers or preferences). */
export function rejectOnElastic(channel: ChannelRow, what: string): void {
  if (isElastic(channel)) throw new BadRequestError(`Elastic channels do not support ${what}.`);
}

/**
 * The SubChannelId of a message operation: an elastic channel's messages live in sub-channels, so it
 * is required there ("to send messages, you must have a subChannelId"; the same for edits, redactions
 * and reads) and must name one of its sub-channels; an ordinary channel has none (_reading_: a
 * BadRequestException, as for any input that does not apply).
 */
export function messageSubChannel(
  store: Pick<Store, "getSubChannel">,
  channel: ChannelRow,
  subChannelId: string | undefined,
): string | undefined {
  if (!isElastic(channel)) {
    if (subChannelId !== undefined) throw new BadRequestError("SubChannelId applies to elastic channels only.");
    return undefined;
  }
  if (subChannelId === undefined) {
    throw new BadRequestError("SubChannelId is required for the messages of an elastic channel.");
  }
  if (!store.getSubChannel(channel.arn, subChannelId)) {
    throw new ForbiddenError("The sub-channel does not exist in the channel.");
  }
  return subChannelId;
}

/** Sending, editing and redacting one's own messages: only in a sub-channel one belongs to. */
export function requireInSubChannel(
  store: Pick<Store, "getSubChannelMembership">,
  access: ChannelAccess,
  subChannelId: string | undefined,
  action: string,
): void {
  if (subChannelId === undefined) return;
  if (!store.getSubChannelMembership(access.channel.arn, subChannelId, access.caller.arn)) {
    throw new ForbiddenError(`The bearer is not a member of the sub-channel and cannot call ${action} in it.`);
  }
}

/**
 * Reading a sub-channel's messages: its members, the channel's moderators ("Moderators can view all
 * messages in all sub-channels") and admins. Others, members of other sub-channels included, are
 * refused: "The system never allows messages from one sub-channel to appear in other sub-channels."
 */
export function requireCanReadSubChannel(
  store: Pick<Store, "getSubChannelMembership">,
  access: ChannelAccess,
  subChannelId: string | undefined,
  action: string,
): void {
  if (subChannelId === undefined || isModeratorOrAdmin(access)) return;
  requireInSubChannel(store, access, subChannelId, action);
}

/** Who hears an event of the sub-channel: its members, moderators included. */
export function subChannelAudience(store: Pick<Store, "subChannelMemberArns">, channelArn: string, id: string) {
  return store.subChannelMemberArns(channelArn, id);
}

/** The first sub-channel, made with the channel. */
export function createFirstSubChannel(
  store: Pick<Store, "insertSubChannel">,
  ids: IdGenerator,
  channelArn: string,
  now: number,
): void {
  store.insertSubChannel(channelArn, ids.next(), now);
}

function membershipAdded(store: ElasticStore, membership: MembershipRow, subChannelId: string): ChannelEvent {
  return {
    type: "CREATE_CHANNEL_MEMBERSHIP",
    messageType: "SYSTEM",
    payload: membershipView(store, membership, subChannelId),
    recipients: subChannelAudience(store, membership.channelArn, subChannelId),
  };
}

function membershipRemoved(
  store: ElasticStore,
  membership: MembershipRow,
  subChannelId: string,
  reason?: string,
): ChannelEvent {
  const remaining = reason === undefined ? subChannelAudience(store, membership.channelArn, subChannelId) : [];
  return {
    type: "DELETE_CHANNEL_MEMBERSHIP",
    messageType: "SYSTEM",
    payload: membershipView(store, membership, subChannelId),
    recipients: [...remaining, membership.memberArn],
    reason,
  };
}

function transferred(store: ElasticStore, channelArn: string, memberArn: string, to: string): ChannelEvent {
  const membership = store.getMembership(channelArn, memberArn) as MembershipRow;
  return {
    type: "UPDATE_CHANNEL_MEMBERSHIP",
    messageType: "SYSTEM",
    payload: membershipView(store, membership, to),
    recipients: [memberArn],
  };
}

export interface ElasticJoin {
  subChannelId: string;
  events: ChannelEvent[];
}

/**
 * Adds a regular member to the sub-channel balancing picks (SCALE_OUT when all are full). The caller
 * has checked that the user may join and is not a member yet.
 */
export function addElasticMember(
  store: ElasticStore,
  ids: IdGenerator,
  channel: ChannelRow,
  membership: MembershipRow,
): ElasticJoin {
  const configuration = elasticConfigurationOf(channel) as ElasticConfiguration;
  const target = configuration.TargetMembershipsPerSubChannel;
  const subChannels = store.listSubChannels(channel.arn);
  const events: ChannelEvent[] = [];
  let subChannelId: string;
  const open = subChannels.filter((sub) => sub.memberCount < target);
  if (open.length > 0) {
    subChannelId = open.reduce((fewest, sub) => (sub.memberCount < fewest.memberCount ? sub : fewest)).subChannelId;
  } else {
    if (subChannels.length >= configuration.MaximumSubChannels) {
      throw new ResourceLimitExceededError(
        `The elastic channel is full: ${configuration.MaximumSubChannels} sub-channels of ${target} members.`,
      );
    }
    subChannelId = ids.next();
    store.insertSubChannel(channel.arn, subChannelId, membership.createdAt);
    const source = subChannels[0].subChannelId;
    for (const memberArn of store.regularMembersOf(channel.arn, source, minimumMembers(configuration) - 1)) {
      store.moveSubChannelMembership(channel.arn, memberArn, source, subChannelId);
      events.push(transferred(store, channel.arn, memberArn, subChannelId));
    }
  }
  store.insertMembership(membership);
  store.insertSubChannelMembership({
    channelArn: channel.arn,
    subChannelId,
    memberArn: membership.memberArn,
    moderator: false,
    createdAt: membership.createdAt,
  });
  events.push(membershipAdded(store, membership, subChannelId));
  return { subChannelId, events };
}

/**
 * A moderator joins one sub-channel ("When you add a moderator to a sub-channel, you must provide the
 * SubChannelId"); regular members cannot choose theirs. Joining a sub-channel twice changes nothing.
 */
export function addModeratorToSubChannel(
  store: ElasticStore,
  channel: ChannelRow,
  membership: MembershipRow,
  subChannelId: string,
): ChannelEvent[] {
  if (!store.getSubChannel(channel.arn, subChannelId)) {
    throw new NotFoundError("The sub-channel does not exist in the channel.");
  }
  store.insertMembership(membership);
  const stored = store.getMembership(channel.arn, membership.memberArn) as MembershipRow;
  const added = store.insertSubChannelMembership({
    channelArn: channel.arn,
    subChannelId,
    memberArn: membership.memberArn,
    moderator: true,
    createdAt: membership.createdAt,
  });
  return added ? [membershipAdded(store, stored, subChannelId)] : [];
}

/**
 * Removes a member from the elastic channel: from every sub-channel, or a moderator from the one
 * named (then from the channel once in none). Each sub-channel left hears of it; a regular member's
 * leaving may scale the sub-channel in.
 */
export function removeElasticMember(
  store: ElasticStore,
  channel: ChannelRow,
  memberArn: string,
  onlySubChannel?: string,
): ChannelEvent[] {
  const membership = store.getMembership(channel.arn, memberArn);
  if (!membership) return [];
  const left = store
    .subChannelMembershipsOf(channel.arn, memberArn)
    .filter((sub) => onlySubChannel === undefined || sub.subChannelId === onlySubChannel);
  for (const sub of left) store.deleteSubChannelMembership(channel.arn, sub.subChannelId, memberArn);
  if (store.subChannelMembershipsOf(channel.arn, memberArn).length === 0) {
    store.deleteMembership(channel.arn, memberArn);
  }
  const events = left.map((sub) => membershipRemoved(store, membership, sub.subChannelId));
  for (const sub of left) if (!sub.moderator) events.push(...scaleInIfNeeded(store, channel, sub.subChannelId));
  return events;
}

/** SCALE_IN of a sub-channel below the minimum, when another can take all its members. */
function scaleInIfNeeded(store: ElasticStore, channel: ChannelRow, subChannelId: string): ChannelEvent[] {
  const configuration = elasticConfigurationOf(channel) as ElasticConfiguration;
  const subChannels = store.listSubChannels(channel.arn);
  const shrinking = subChannels.find((sub) => sub.subChannelId === subChannelId);
  if (!shrinking || subChannels.length <= 1 || shrinking.memberCount >= minimumMembers(configuration)) return [];
  const fits = subChannels.filter(
    (sub) =>
      sub.subChannelId !== subChannelId &&
      sub.memberCount + shrinking.memberCount <= configuration.TargetMembershipsPerSubChannel,
  );
  if (fits.length === 0) return [];
  const into = fits.reduce((fewest, sub) => (sub.memberCount < fewest.memberCount ? sub : fewest)).subChannelId;
  const events: ChannelEvent[] = [];
  for (const memberArn of store.regularMembersOf(channel.arn, subChannelId, shrinking.memberCount)) {
    store.moveSubChannelMembership(channel.arn, memberArn, subChannelId, into);
    events.push(transferred(store, channel.arn, memberArn, into));
  }
  // Who is left are moderators: they lose this sub-channel, and the channel once in no other.
  const moderators = store.subChannelMemberArns(channel.arn, subChannelId);
  store.deleteSubChannel(channel.arn, subChannelId);
  for (const moderatorArn of moderators) {
    const membership = store.getMembership(channel.arn, moderatorArn) as MembershipRow;
    events.push(membershipRemoved(store, membership, subChannelId, "subchannel_DELETED"));
    if (store.subChannelMembershipsOf(channel.arn, moderatorArn).length === 0) {
      store.deleteMembership(channel.arn, moderatorArn);
    }
  }
  return events;
}

/** The sub-channel a member's membership is described with: a regular member's one, a moderator's first. */
export function subChannelOf(
  store: Pick<Store, "subChannelMembershipsOf">,
  channel: ChannelRow,
  memberArn: string,
): string | undefined {
  return isElastic(channel) ? store.subChannelMembershipsOf(channel.arn, memberArn)[0]?.subChannelId : undefined;
}
