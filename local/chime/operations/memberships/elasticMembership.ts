/**
 * Memberships of elastic channels, for CreateChannelMembership and BatchCreateChannelMembership (DG
 * "Managing elastic channel members"): a regular member is placed in a sub-channel by balancing and
 * cannot name one; a channel moderator joins the sub-channel they name, and must name one. Hidden
 * memberships do not exist in elastic channels. The channel's capacity (MaximumSubChannels ×
 * TargetMembershipsPerSubChannel) replaces the quota of memberships per channel; the quota of
 * memberships per user still counts.
 */
import type { ChannelRow, MembershipType, Store } from "../../../store/store";
import { BadRequestError, type ChimeServiceError } from "../../errors";
import { addElasticMember, addModeratorToSubChannel, subChannelOf, type ElasticJoin } from "../../elastic";
import { quotaExceeded, type ResourceQuotas } from "../../quotas";
import type { IdGenerator } from "../../services";
import { memberProblem, newMembership } from "./memberInput";

export interface ElasticJoinRequest {
  channel: ChannelRow;
  memberArn: string;
  type: MembershipType;
  subChannelId: string | undefined;
  invitedBy: string;
  now: number;
}

/** Why the user cannot join, or undefined; the same checks as an ordinary channel's but the per-channel quota. */
function joinProblem(
  store: Pick<Store, "getUser" | "getBan" | "countMembershipsOfUser">,
  quotas: ResourceQuotas,
  channel: ChannelRow,
  memberArn: string,
): ChimeServiceError | undefined {
  const problem = memberProblem(store, channel, memberArn);
  if (problem) return problem;
  if (store.countMembershipsOfUser(memberArn) + 1 > quotas.membershipsPerUser) {
    return quotaExceeded(quotas, "membershipsPerUser");
  }
  return undefined;
}

/** Adds one member (inside the caller's transaction); returns the sub-channel and the events to publish. */
export function joinElasticChannel(
  store: Store,
  ids: IdGenerator,
  quotas: ResourceQuotas,
  request: ElasticJoinRequest,
): ElasticJoin {
  const { channel, memberArn, subChannelId } = request;
  if (request.type === "HIDDEN") throw new BadRequestError("Elastic channels do not support HIDDEN memberships.");
  const membership = newMembership(channel.arn, memberArn, "DEFAULT", request.invitedBy, request.now);
  if (store.getModerator(channel.arn, memberArn)) {
    if (subChannelId === undefined) {
      throw new BadRequestError("A moderator joins one sub-channel of an elastic channel: give its SubChannelId.");
    }
    const isNew = !store.getMembership(channel.arn, memberArn);
    const problem = isNew ? joinProblem(store, quotas, channel, memberArn) : undefined;
    if (problem) throw problem;
    return { subChannelId, events: addModeratorToSubChannel(store, channel, membership, subChannelId) };
  }
  if (subChannelId !== undefined) {
    throw new BadRequestError("The sub-channel of a member who is not a moderator is chosen by the channel.");
  }
  // Already a member: the membership is left as it is (as in ordinary channels), in its sub-channel.
  const existing = subChannelOf(store, channel, memberArn);
  if (existing !== undefined) return { subChannelId: existing, events: [] };
  const problem = joinProblem(store, quotas, channel, memberArn);
  if (problem) throw problem;
  return addElasticMember(store, ids, channel, membership);
}
