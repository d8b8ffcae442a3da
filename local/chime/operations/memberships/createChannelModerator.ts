import type {
  CreateChannelModeratorRequest,
  CreateChannelModeratorResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ConflictError } from "../../../endpoint/errors";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import { invalidUserArn } from "../../arns";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/**
 * Moderators and admins promote users of the app instance. Promoting a moderator again succeeds and
 * changes nothing; promoting a banned user is a ConflictException (a ban and a moderator role
 * exclude each other: moderators cannot be banned).
 */
export function createChannelModerator({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<CreateChannelModeratorRequest, CreateChannelModeratorResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireModeratorOrAdmin(access, "CreateChannelModerator");
    const moderatorArn = input.ChannelModeratorArn as string;
    if (store.getUser(moderatorArn)?.appInstanceArn !== access.channel.appInstanceArn)
      throw invalidUserArn(moderatorArn);
    if (store.getBan(access.channel.arn, moderatorArn)) {
      throw new ConflictError("A banned user cannot be a moderator of the channel.");
    }
    store.insertModerator({
      channelArn: access.channel.arn,
      moderatorArn,
      createdBy: caller.arn,
      createdAt: clock.now().getTime(),
    });
    return { ChannelArn: access.channel.arn, ChannelModerator: identityOf(store, moderatorArn) };
  };
}
