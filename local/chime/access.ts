/**
 * Chime's implicit authorization: what the bearer may do, from its role in the app instance and the
 * channel. Roles add up: an AppInstanceAdmin who is also a member has both. The rules follow the
 * developer guide's role table (docs/aws-behaviour.md §2); where it is silent the
 * chosen reading is written next to the rule.
 */
import { ForbiddenError, NotFoundError, UnauthorizedClientError } from "./errors";
import type { AppInstanceUserRow, ChannelRow, MembershipRow, Store } from "../store/store";
import { appInstanceOf } from "./arns";

export interface Caller {
  arn: string;
  user: AppInstanceUserRow;
  appInstanceArn: string;
  isAdmin: boolean;
}

export interface ChannelAccess {
  caller: Caller;
  channel: ChannelRow;
  /** DEFAULT or HIDDEN membership of the caller, if any. */
  membership: MembershipRow | undefined;
  isModerator: boolean;
}

/** The bearer must be an existing AppInstanceUser; otherwise 401, with the service's message. */
export function resolveBearer(store: Pick<Store, "getBearer">, bearer: string | undefined): Caller {
  const found = bearer ? store.getBearer(bearer) : undefined;
  if (!bearer || !found) {
    throw new UnauthorizedClientError(
      "An invalid app instance user ARN was supplied for the x-amz-chime-bearer HTTP header.",
    );
  }
  return { arn: bearer, user: found.user, appInstanceArn: found.user.appInstanceArn, isAdmin: found.isAdmin };
}

/**
 * Loads the channel and the caller's relation to it. A channel that does not exist, or that lives in
 * another app instance, is NotFoundException where the operation's model lists it, else
 * ForbiddenException (the service folds "not visible" into 403 where NotFound is not modeled).
 */
export function channelAccess(
  store: Pick<Store, "getChannelAccess">,
  caller: Caller,
  channelArn: string,
  whenMissing: "NotFound" | "Forbidden",
): ChannelAccess {
  const found = store.getChannelAccess(channelArn, caller.arn);
  if (!found || found.channel.appInstanceArn !== caller.appInstanceArn || appInstanceOf(channelArn) === undefined) {
    const message = "The channel does not exist or is not accessible to the bearer.";
    throw whenMissing === "NotFound" ? new NotFoundError(message) : new ForbiddenError(message);
  }
  return { caller, ...found };
}

function deny(action: string): ForbiddenError {
  return new ForbiddenError(`The bearer is not allowed to call ${action} on this channel.`);
}

export function isModeratorOrAdmin(access: ChannelAccess): boolean {
  return access.caller.isAdmin || access.isModerator;
}

/**
 * DescribeChannel: admins, members (hidden ones too) and, for PUBLIC channels, everybody. The role table
 * lists moderators as "public only unless also a member"; that is followed literally.
 */
export function requireCanDescribeChannel(access: ChannelAccess, action: string): void {
  if (access.caller.isAdmin || access.membership || access.channel.privacy === "PUBLIC") return;
  throw deny(action);
}

/** Reading messages and memberships: admins, moderators, members, and everybody on PUBLIC channels. */
export function requireCanRead(access: ChannelAccess, action: string): void {
  if (isModeratorOrAdmin(access) || access.membership || access.channel.privacy === "PUBLIC") return;
  throw deny(action);
}

/** Channel management (update, delete, moderators, bans): moderators and admins. */
export function requireModeratorOrAdmin(access: ChannelAccess, action: string): void {
  if (!isModeratorOrAdmin(access)) throw deny(action);
}

/**
 * The bearer's access to a channel, for an action only the channel's moderators and AppInstanceAdmins
 * may take: the bearer, then the channel (missing: `whenMissing`), then the role are checked.
 */
export function moderatorAccess(
  store: Pick<Store, "getBearer" | "getChannelAccess">,
  input: { ChimeBearer?: string; ChannelArn?: string },
  whenMissing: "NotFound" | "Forbidden",
  action: string,
): ChannelAccess {
  const access = channelAccess(store, resolveBearer(store, input.ChimeBearer), input.ChannelArn as string, whenMissing);
  requireModeratorOrAdmin(access, action);
  return access;
}

/** Sending needs a DEFAULT membership whatever the role: hidden members only observe. */
export function requireCanSend(access: ChannelAccess, action: string): void {
  if (access.membership?.type !== "DEFAULT") throw deny(action);
}

/** Actions on one's own membership (read marker): any membership, hidden included. */
export function requireMembership(access: ChannelAccess, action: string): void {
  if (!access.membership) throw deny(action);
}

/**
 * Adding members. Moderators and admins may add anyone, as DEFAULT or HIDDEN. On UNRESTRICTED channels
 * members may add themselves and others (DEFAULT only). A non-member may join a PUBLIC UNRESTRICTED
 * channel by adding only themself: the concepts page says PUBLIC channels let any user add
 * themselves, and the Mode documentation limits RESTRICTED channels to moderators and admins.
 */
export function requireCanAddMembers(access: ChannelAccess, memberArns: string[], type: string, action: string): void {
  if (isModeratorOrAdmin(access)) return;
  if (type === "HIDDEN")
    throw new ForbiddenError("Only channel moderators and app instance admins can add HIDDEN members.");
  if (access.channel.mode !== "UNRESTRICTED") throw deny(action);
  if (access.membership?.type === "DEFAULT") return;
  const selfJoin = memberArns.length === 1 && memberArns[0] === access.caller.arn;
  if (selfJoin && access.channel.privacy === "PUBLIC") return;
  throw deny(action);
}

/**
 * The bearer's access to the input's channel (missing: NotFoundException) for adding `memberArns` as
 * `type`, which requireCanAddMembers allows.
 */
export function addMembersAccess(
  store: Pick<Store, "getBearer" | "getChannelAccess">,
  input: { ChimeBearer?: string; ChannelArn?: string },
  memberArns: string[],
  type: string,
  action: string,
): ChannelAccess {
  const access = channelAccess(store, resolveBearer(store, input.ChimeBearer), input.ChannelArn as string, "NotFound");
  requireCanAddMembers(access, memberArns, type, action);
  return access;
}

/** Removing a member: moderators and admins remove anyone; a member may only leave. */
export function requireCanRemoveMember(access: ChannelAccess, memberArn: string, action: string): void {
  if (isModeratorOrAdmin(access)) return;
  if (memberArn === access.caller.arn && access.membership) return;
  throw deny(action);
}
