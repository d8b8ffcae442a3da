/** Input checks shared by the membership, moderator and ban operations, and the new membership they add. */
import { ForbiddenError, type ResourceLimitExceededError } from "../../errors";
import type { ChannelRow, MembershipRow, MembershipType, Store } from "../../../store/store";
import { invalidUserArn } from "../../arns";
import { quotaExceeded, type ResourceQuotas } from "../../quotas";

/** A membership `invitedBy` adds at `at`: nothing read yet. */
export function newMembership(
  channelArn: string,
  memberArn: string,
  type: MembershipType,
  invitedBy: string,
  at: number,
): MembershipRow {
  return { channelArn, memberArn, type, invitedBy, createdAt: at, updatedAt: at, readMarkerAt: null };
}

/** An ARN of the input that is not a user of the channel's app instance is a 403, as the service answers. */
export function requireAppInstanceUser(store: Pick<Store, "getUser">, channel: ChannelRow, arn: string): void {
  if (store.getUser(arn)?.appInstanceArn !== channel.appInstanceArn) throw invalidUserArn(arn);
}

/**
 * Why a user cannot become a member of the channel, or undefined if they can: they must be a user of
 * the channel's app instance and must not be banned from it.
 */
export function memberProblem(
  store: Pick<Store, "getUser" | "getBan">,
  channel: ChannelRow,
  memberArn: string,
): ForbiddenError | undefined {
  if (store.getUser(memberArn)?.appInstanceArn !== channel.appInstanceArn) return invalidUserArn(memberArn);
  if (store.getBan(channel.arn, memberArn)) {
    return new ForbiddenError("The user is banned from the channel and cannot be added until the ban is deleted.");
  }
  return undefined;
}

/**
 * Why adding the user would exceed a membership quota (per channel, per user), or undefined. A user who
 * is already a member adds nothing, so is never over.
 */
export function membershipQuotaProblem(
  store: Pick<Store, "getMembership" | "countMemberships" | "countMembershipsOfUser">,
  quotas: ResourceQuotas,
  channel: ChannelRow,
  memberArn: string,
): ResourceLimitExceededError | undefined {
  if (store.getMembership(channel.arn, memberArn)) return undefined;
  if (store.countMemberships(channel.arn) + 1 > quotas.membershipsPerChannel) {
    return quotaExceeded(quotas, "membershipsPerChannel");
  }
  if (store.countMembershipsOfUser(memberArn) + 1 > quotas.membershipsPerUser) {
    return quotaExceeded(quotas, "membershipsPerUser");
  }
  return undefined;
}
