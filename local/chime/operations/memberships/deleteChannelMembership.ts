import type { DeleteChannelMembershipRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanRemoveMember, resolveBearer } from "../../access";
import { BadRequestError } from "../../errors";
import { isElastic, removeElasticMember } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { announceRemoval } from "./membershipEvents";

/**
 * Moderators and admins remove anyone; a member may only leave (remove themself). Removing a user
 * who is not a member is a 204 that changes nothing: the model lists no NotFoundException for this
 * operation, and the end state the caller asked for already holds. Moderator roles and bans are
 * untouched. In an elastic channel, a moderator's membership can be removed from one sub-channel
 * (SubChannelId) or from all of them (none given); a regular member's sub-channel is the channel's
 * business, so no SubChannelId is taken for them. Their leaving may rebalance (elastic.ts).
 */
export function deleteChannelMembership({
  store,
  events,
}: Pick<Services, "store" | "events">): OperationHandler<DeleteChannelMembershipRequest, void> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const memberArn = input.MemberArn as string;
    requireCanRemoveMember(access, memberArn, "DeleteChannelMembership");
    const { channel } = access;
    if (input.SubChannelId !== undefined && !(isElastic(channel) && store.getModerator(channel.arn, memberArn))) {
      throw new BadRequestError("SubChannelId applies to the memberships of an elastic channel's moderators only.");
    }
    if (isElastic(channel)) {
      const removed = store.transaction(() => removeElasticMember(store, channel, memberArn, input.SubChannelId));
      for (const event of removed) events.publish(event);
      return;
    }
    const membership = store.getMembership(access.channel.arn, memberArn);
    if (membership && store.deleteMembership(access.channel.arn, memberArn)) announceRemoval(events, store, membership);
  };
}
