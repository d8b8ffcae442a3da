import type { CreateChannelBanRequest, CreateChannelBanResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../../endpoint/errors";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import { invalidUserArn } from "../../arns";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/**
 * Bans a user permanently: a member is removed at once, and cannot be added again until the ban is
 * deleted. AppInstanceAdmins and the channel's moderators cannot be banned.
 */
export function createChannelBan({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<CreateChannelBanRequest, CreateChannelBanResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireModeratorOrAdmin(access, "CreateChannelBan");
    const memberArn = input.MemberArn as string;
    const channelArn = access.channel.arn;
    if (store.getUser(memberArn)?.appInstanceArn !== access.channel.appInstanceArn) throw invalidUserArn(memberArn);
    if (store.getAdmin(access.channel.appInstanceArn, memberArn) || store.getModerator(channelArn, memberArn)) {
      throw new ForbiddenError("AppInstanceAdmins and moderators of the channel cannot be banned.");
    }
    store.transaction(() => {
      store.insertBan({ channelArn, memberArn, createdBy: caller.arn, createdAt: clock.now().getTime() });
      store.deleteMembership(channelArn, memberArn);
    });
    return { ChannelArn: channelArn, Member: identityOf(store, memberArn) };
  };
}
