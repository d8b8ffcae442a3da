import type { DeleteChannelRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { removeChannel } from "../../removal";

/**
 * Moderators and admins delete a channel; its memberships, moderators, bans and messages go with it
 * (the store cascades), and so do its tags. A missing channel is ForbiddenException (no
 * NotFoundException in the model), so deleting twice fails the second time.
 */
export function deleteChannel({
  store,
  events,
}: Pick<Services, "store" | "events">): OperationHandler<DeleteChannelRequest, void> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "DeleteChannel");
    removeChannel(store, events, access.channel);
  };
}
