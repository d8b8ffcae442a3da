import type {
  GetChannelMessageStatusRequest,
  GetChannelMessageStatusResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import type { OperationHandler, Services } from "../../services";
import { namedMessage } from "./findMessage";

/**
 * Only the sender asks for a message's status: SENT, PENDING while its channel flow processes it (or
 * an edit of it), FAILED (with its detail) when the flow gave up. A denied message is not stored, so
 * there is no status for it ("we don't store them once the processor denies them"): like any unknown
 * message, ForbiddenException.
 */
export function getChannelMessageStatus(
  services: Pick<Services, "store" | "clock">,
): OperationHandler<GetChannelMessageStatusRequest, GetChannelMessageStatusResponse> {
  const { store } = services;
  return (input) => {
    const { access, message } = namedMessage(services, input);
    if (message.senderArn !== access.caller.arn)
      throw new ForbiddenError("Only the sender can get a message's status.");
    if (store.hasFlowCallback(message.channelArn, message.messageId)) return { Status: { Value: "PENDING" } };
    return { Status: { Value: message.status ?? "SENT", Detail: message.statusDetail ?? undefined } };
  };
}
