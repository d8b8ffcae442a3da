import type { DeleteChannelModeratorRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";

/** Removing a user who is not a moderator is a 204 that changes nothing (NotFound is not modeled). */
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
