import type { DeleteChannelModeratorRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";

/**
 * Moderators and admins demote any moderator, themselves included. Demoting a user who is not a
 * moderator is a 204 that changes nothing (NotFoundException is not modeled for this operation).
 * A membership the moderator holds is kept.
 */
export function deleteChannelModerator({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteChannelModeratorRequest, void> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireModeratorOrAdmin(access, "DeleteChannelModerator");
    store.deleteModerator(access.channel.arn, input.ChannelModeratorArn as string);
  };
}
