import type { DeleteChannelMembershipRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanRemoveMember, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { rejectSubChannel } from "../messages/messageInput";

/**
 * Moderators and admins remove anyone; members may leave. Removing someone who is not a member is a
 * 204 that changes nothing: NotFoundException is not modeled for this operation.
 */
export function deleteChannelMembership({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteChannelMembershipRequest, void> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const memberArn = input.MemberArn as string;
    requireCanRemoveMember(access, memberArn, "DeleteChannelMembership");
    store.deleteMembership(access.channel.arn, memberArn);
  };
}
