import { ForbiddenError, NotFoundError } from "../../errors";
import type { MessageRow, Store } from "../../../store/store";

/**
 * A stored message of the channel as the caller may see it. Targeted messages exist only for their
 * sender and target. A missing message is NotFoundException where the operation models it,
 * otherwise ForbiddenException.
 */
export function findMessage(
  store: Pick<Store, "getMessage">,
  channelArn: string,
  messageId: string,
  viewerArn: string,
  whenMissing: "NotFound" | "Forbidden",
): MessageRow {
  const message = store.getMessage(channelArn, messageId);
  const visible = message && (message.targetArn === null || [message.targetArn, message.senderArn].includes(viewerArn));
  if (!message || !visible) {
    const text = "The message does not exist in the channel.";
    throw whenMissing === "NotFound" ? new NotFoundError(text) : new ForbiddenError(text);
  }
  return message;
}
