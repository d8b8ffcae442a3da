import { ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import type { MessageRow, Store } from "../../../store/store";
import { channelAccess, resolveBearer, type ChannelAccess } from "../../access";
import { messageSubChannel } from "../../elastic";
import { retentionCutoff } from "../../retention";
import type { Clock, Services } from "../../services";

/**
 * A stored message of the caller's channel (`access`), as the caller may see it now. Targeted messages
 * exist only for their sender and target; a message its channel flow has not sent (PENDING, FAILED)
 * only for its sender; a message of an elastic channel only in its own sub-channel; a message past the
 * app instance's retention period (retention.ts, on the clock) for nobody. A missing message is
 * NotFoundException where the operation models it, otherwise ForbiddenException.
 */
export function findMessage(
  { store, clock }: { store: Pick<Store, "getMessage" | "getRetention">; clock: Clock },
  access: ChannelAccess,
  messageId: string,
  subChannelId: string | undefined,
  whenMissing: "NotFound" | "Forbidden",
): MessageRow {
  const viewerArn = access.caller.arn;
  const visibleSince = retentionCutoff(store, access.caller.appInstanceArn, clock.now().getTime());
  const message = store.getMessage(access.channel.arn, messageId);
  const visible =
    message &&
    (message.targetArn === null || [message.targetArn, message.senderArn].includes(viewerArn)) &&
    (message.status === null || message.senderArn === viewerArn) &&
    message.subChannelId === (subChannelId ?? null) &&
    message.createdAt >= (visibleSince ?? Number.MIN_SAFE_INTEGER);
  if (!message || !visible) {
    const text = "The message does not exist in the channel.";
    throw whenMissing === "NotFound" ? new NotFoundError(text) : new ForbiddenError(text);
  }
  return message;
}

/**
 * The caller's access to the channel, the sub-channel and the message that an operation on one message
 * names, for the operations that check nothing in between: ForbiddenException where any is missing.
 */
export function namedMessage(
  services: Pick<Services, "store" | "clock">,
  input: { ChimeBearer?: string; ChannelArn?: string; MessageId?: string; SubChannelId?: string },
): { access: ChannelAccess; subChannelId: string | undefined; message: MessageRow } {
  const { store } = services;
  const access = channelAccess(store, resolveBearer(store, input.ChimeBearer), input.ChannelArn as string, "Forbidden");
  const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
  const message = findMessage(services, access, input.MessageId as string, subChannelId, "Forbidden");
  return { access, subChannelId, message };
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
