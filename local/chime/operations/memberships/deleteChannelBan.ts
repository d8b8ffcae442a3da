import type { DeleteChannelBanRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";

/**
 * Lifting a ban does not restore the membership: the user must be added again (model CreateChannelBan
 * doc). Lifting a ban that does not exist is a 204 that changes nothing (NotFound is not modeled).
 */
export function deleteChannelBan({ store }: Pick<Services, "store">): OperationHandler<DeleteChannelBanRequest, void> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "DeleteChannelBan");
    store.deleteBan(access.channel.arn, input.MemberArn as string);
  };
}
