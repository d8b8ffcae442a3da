import { ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import type { MessageRow, Store } from "../../../store/store";

/**
 * A stored message of the channel as the caller may see it. Targeted messages exist only for their
 * sender and target; a message its channel flow has not sent (PENDING, FAILED) only for its sender; a
 * message of an elastic channel only in its own sub-channel; a message past the app instance's
 * retention period (`visibleSince`, retention.ts) for nobody. A missing message is NotFoundException
 * where the operation models it, otherwise ForbiddenException.
 */
export function findMessage(
  store: Pick<Store, "getMessage">,
  channelArn: string,
  messageId: string,
  viewerArn: string,
  whenMissing: "NotFound" | "Forbidden",
  where: { subChannelId?: string; visibleSince?: number } = {},
): MessageRow {
  const message = store.getMessage(channelArn, messageId);
  const visible =
    message &&
    (message.targetArn === null || [message.targetArn, message.senderArn].includes(viewerArn)) &&
    (message.status === null || message.senderArn === viewerArn) &&
    message.subChannelId === (where.subChannelId ?? null) &&
    message.createdAt >= (where.visibleSince ?? Number.MIN_SAFE_INTEGER);
  if (!message || !visible) {
    const text = "The message does not exist in the channel.";
    throw whenMissing === "NotFound" ? new NotFoundError(text) : new ForbiddenError(text);
  }
  return message;
}

/**
 * Edits need a message its channel flow has sent and is not processing again (an edit in flight):
 * ConflictException otherwise, "conflict in the current state of the resource".
 */
export function requireSettled(store: Pick<Store, "hasFlowCallback">, message: MessageRow): void {
  if (message.status !== null || store.hasFlowCallback(message.channelArn, message.messageId)) {
    throw new ConflictError("The message is being processed by its channel flow, or was not sent.");
  }
}
