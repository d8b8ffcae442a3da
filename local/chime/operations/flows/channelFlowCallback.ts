import type {
  ChannelFlowCallbackRequest,
  ChannelFlowCallbackResponse,
  ChannelMessageCallback,
} from "@aws-sdk/client-chime-sdk-messaging";
import {
  applyCallback,
  CALLBACK_TIMED_OUT,
  messageSubChannelId,
  processorFailed,
  scheduleDispatch,
  type FlowMessage,
} from "../../channelFlows";
import { BadRequestError, ForbiddenError } from "../../errors";
import { idempotent } from "../../idempotency";
import type { OperationHandler, Services } from "../../services";
import { checkMessageBody } from "../messages/messageInput";

/** What the processor changed: only the members it gave (one left out keeps its value, _reading_). */
function changesOf(message: ChannelMessageCallback): Partial<FlowMessage> {
  const changes: Partial<FlowMessage> = {};
  if (message.Content !== undefined) changes.content = message.Content;
  if (message.Metadata !== undefined) changes.metadata = message.Metadata;
  if (message.ContentType !== undefined) changes.contentType = message.ContentType;
  if (message.MessageAttributes !== undefined) changes.messageAttributes = JSON.stringify(message.MessageAttributes);
  return changes;
}

/**
 * The processor's answer (a developer API: no bearer, IAM on the channel; DG "Setting up a Channel
 * Processor" grants `chime:ChannelFlowCallback` to the processor's execution role). The CallbackId names
 * one invocation of one processor; its ChannelMessage must be that invocation's message. The message
 * then goes on (changed as it says) to the next processor or its recipients, or, with DeleteResource,
 * is DENIED. CallbackId is the model's idempotency token: a retry answers as the first call did; an
 * unknown or settled one is ForbiddenException. After the 48 hours a processor has, the callback is
 * ForbiddenException ("the ChannelFlowCallback API throws a Forbidden Exception") and the message is
 * settled by the processor's FallbackAction (channelFlows.ts).
 *
 * SubChannelId (ChannelMessageCallback: "The ID of the SubChannel"), _reading_: it names the sub-channel
 * of the message, as MessageId names the message; the processor cannot move a message to another
 * sub-channel ("The system never allows messages from one sub-channel to appear in other sub-channels",
 * DG "Using elastic channels"), so one that differs is BadRequestException, like a MessageId that
 * differs. Left out, the message stays where it was sent.
 */
export function channelFlowCallback(
  services: Pick<Services, "store" | "clock" | "events" | "lambda">,
): OperationHandler<ChannelFlowCallbackRequest, ChannelFlowCallbackResponse> {
  const { store, clock } = services;
  return (input) => {
    const { CallbackId, ...parameters } = input;
    const channelArn = input.ChannelArn as string;
    const callbackId = CallbackId as string;
    const message = input.ChannelMessage as ChannelMessageCallback;
    const late = store.getFlowCallback(callbackId);
    if (late && late.channelArn === channelArn && late.deadlineAt < clock.now().getTime()) {
      processorFailed(services, callbackId, CALLBACK_TIMED_OUT);
      throw new ForbiddenError("The processor's 48 hours to call back have passed.");
    }
    let next: string | undefined;
    const result = idempotent(store, `ChannelFlowCallback ${channelArn}`, callbackId, parameters, () => {
      const callback = store.getFlowCallback(callbackId);
      if (!callback || callback.channelArn !== channelArn) {
        throw new ForbiddenError("The CallbackId is not one of the channel's messages awaiting its processor.");
      }
      if (message.MessageId !== callback.messageId) {
        throw new BadRequestError("The ChannelMessage's MessageId is not the message of this CallbackId.");
      }
      if (message.SubChannelId !== undefined && message.SubChannelId !== messageSubChannelId(callback)) {
        throw new BadRequestError(
          "The ChannelMessage's SubChannelId is not the sub-channel of this CallbackId's message.",
        );
      }
      checkMessageBody("STANDARD", message.Content, message.Metadata);
      next = applyCallback(services, callback, {
        deny: input.DeleteResource === true,
        changes: changesOf(message),
        push: message.PushNotification,
      });
      return { ChannelArn: channelArn, CallbackId: callbackId };
    });
    if (next !== undefined) scheduleDispatch(services, next);
    return result;
  };
}
