import type { RedactChannelMessageRequest, RedactChannelMessageResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { isModeratorOrAdmin } from "../../access";
import { requireInSubChannel } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { namedMessage, requireSettled } from "./findMessage";
import { publishMessageEvent } from "./messageEvents";

/**
 * The message stays in history, flagged Redacted, with its content and metadata gone. Members redact
 * their own messages (in an elastic channel, in their present sub-channel); moderators and admins any
 * message. Not one its channel flow is processing.
 */
export function redactChannelMessage(
  services: Pick<Services, "store" | "clock" | "events">,
): OperationHandler<RedactChannelMessageRequest, RedactChannelMessageResponse> {
  const { store, clock, events } = services;
  return (input) => {
    const { access, subChannelId, message } = namedMessage(services, input);
    const ownMessage = message.senderArn === access.caller.arn && access.membership !== undefined;
    if (!isModeratorOrAdmin(access)) {
      if (!ownMessage) throw new ForbiddenError("Members can redact only their own messages.");
      requireInSubChannel(store, access, subChannelId, "RedactChannelMessage");
    }
    requireSettled(store, message);
    const update = {
      content: null,
      metadata: null,
      contentType: message.contentType,
      redacted: true,
      updatedAt: clock.now().getTime(),
      editedAt: message.editedAt,
    };
    store.updateMessage(message.seq, update);
    publishMessageEvent(events, store, "REDACT_CHANNEL_MESSAGE", { ...message, ...update });
    return { ChannelArn: access.channel.arn, MessageId: message.messageId, SubChannelId: subChannelId };
  };
}
