import type {
  GetChannelMessageStatusRequest,
  GetChannelMessageStatusResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { channelAccess, resolveBearer } from "../../access";
import { messageSubChannel } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { findMessage } from "./findMessage";

/**
 * Only the sender asks for a message's status: SENT, PENDING while its channel flow processes it (or
 * an edit of it), FAILED (with its detail) when the flow gave up. A denied message is not stored, so
 * there is no status for it ("we don't store them once the processor denies them"): like any unknown
 * message, ForbiddenException.
 */
export function getChannelMessageStatus({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  GetChannelMessageStatusRequest,
  GetChannelMessageStatusResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
    const message = findMessage({ store, clock }, access, input.MessageId as string, subChannelId, "Forbidden");
    if (message.senderArn !== caller.arn) throw new ForbiddenError("Only the sender can get a message's status.");
    if (store.hasFlowCallback(message.channelArn, message.messageId)) return { Status: { Value: "PENDING" } };
    return { Status: { Value: message.status ?? "SENT", Detail: message.statusDetail ?? undefined } };
  };
}
