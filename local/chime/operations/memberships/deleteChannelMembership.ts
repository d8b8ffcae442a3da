import type { DeleteChannelMembershipRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanRemoveMember, resolveBearer } from "../../access";
import { rejectSubChannel } from "../../unsupported";
import type { OperationHandler, Services } from "../../services";
import { announceRemoval } from "./membershipEvents";

/**
 * Moderators and admins remove anyone; a member may only leave (remove themself). Removing a user
 * who is not a member is a 204 that changes nothing: the model lists no NotFoundException for this
 * operation, and the end state the caller asked for already holds. Moderator roles and bans are
 * untouched.
 */
export function deleteChannelMembership({
  store,
  events,
}: Pick<Services, "store" | "events">): OperationHandler<DeleteChannelMembershipRequest, void> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const memberArn = input.MemberArn as string;
    requireCanRemoveMember(access, memberArn, "DeleteChannelMembership");
    const membership = store.getMembership(access.channel.arn, memberArn);
    if (membership && store.deleteMembership(access.channel.arn, memberArn)) announceRemoval(events, store, membership);
  };
}
