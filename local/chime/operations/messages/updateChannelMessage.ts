import type { UpdateChannelMessageRequest, UpdateChannelMessageResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ConflictError, ForbiddenError } from "../../errors";
import { channelAccess, requireMembership, resolveBearer } from "../../access";
import { messageSubChannel, requireInSubChannel } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { findMessage, requireSettled } from "./findMessage";
import { checkMessageBody } from "./messageInput";
import { publishMessageEvent } from "./messageEvents";
import { beginFlow, flowFor, scheduleDispatch } from "../../channelFlows";

/**
 * Only the sender edits a message, admins included, and only while still in the channel. Metadata
 * and ContentType left out keep their values (clearing them silently would lose data). A redacted
 * message has no content left to edit: ConflictException. In an elastic channel, only in the sender's
 * present sub-channel (DG "Sending elastic channel messages"). On a channel with a flow (an elastic
 * one too), an edit of a STANDARD message is PENDING until the flow is done, the message unchanged
 * meanwhile; a message the flow has not sent (or whose last edit it is still processing) cannot be
 * edited: ConflictException (_reading_: the flow documents no edit of a message in flight).
 */
export function updateChannelMessage(
  services: Pick<Services, "store" | "clock" | "events" | "ids" | "lambda">,
): OperationHandler<UpdateChannelMessageRequest, UpdateChannelMessageResponse> {
  const { store, clock, events } = services;
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkMessageBody(undefined, input.Content, input.Metadata); // type-independent limits first
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
    requireMembership(access, "UpdateChannelMessage");
    requireInSubChannel(store, access, subChannelId, "UpdateChannelMessage");
    const message = findMessage({ store, clock }, access, input.MessageId as string, subChannelId, "Forbidden");
    if (message.senderArn !== caller.arn) throw new ForbiddenError("Only the sender can update a message.");
    if (message.redacted) throw new ConflictError("A redacted message cannot be updated.");
    requireSettled(store, message);
    checkMessageBody(message.type, input.Content, input.Metadata); // CONTROL limits follow the stored type
    const now = clock.now().getTime();
    const update = {
      content: input.Content as string,
      metadata: input.Metadata ?? message.metadata,
      contentType: input.ContentType ?? message.contentType,
      redacted: false,
      updatedAt: now,
      editedAt: now,
    };
    const flow = flowFor(store, access.channel.arn, message.type);
    if (flow) {
      const callbackId = store.transaction(() =>
        beginFlow(services, flow, "UPDATE", { ...message, ...update }, "PERSISTENT"),
      );
      scheduleDispatch(services, callbackId);
      return {
        ChannelArn: access.channel.arn,
        MessageId: message.messageId,
        Status: { Value: "PENDING" },
        SubChannelId: subChannelId,
      };
    }
    store.updateMessage(message.seq, update);
    publishMessageEvent(events, store, "UPDATE_CHANNEL_MESSAGE", { ...message, ...update });
    return {
      ChannelArn: access.channel.arn,
      MessageId: message.messageId,
      Status: { Value: "SENT" },
      SubChannelId: subChannelId,
    };
  };
}
