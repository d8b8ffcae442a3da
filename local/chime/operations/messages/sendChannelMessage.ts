import type { SendChannelMessageRequest, SendChannelMessageResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../errors";
import { channelAccess, requireCanSend, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { idempotent } from "../../idempotency";
import { messageSubChannel, requireInSubChannel } from "../../elastic";
import { deliverPushes } from "../../push/delivery";
import { checkMessageAttributesSize } from "../../push/filterRule";
import { beginFlow, flowFor, scheduleDispatch } from "../../channelFlows";
import { publishMessageEvent } from "./messageEvents";
import { checkMessageBody } from "./messageInput";

/**
 * A STANDARD message to a channel with a flow is PENDING until the flow is done (channelFlows.ts): it
 * is stored (if PERSISTENT) for its sender only, and the flow's first processor is invoked once the
 * answer has gone. In an elastic channel the message belongs to the sender's sub-channel, and the flow
 * delivers it there ("use channel flows to automatically moderate all the messages in the channel":
 * DG "Using elastic channels").
 */
export function sendChannelMessage(
  services: Pick<Services, "store" | "clock" | "ids" | "events" | "lambda">,
): OperationHandler<SendChannelMessageRequest, SendChannelMessageResponse> {
  const { store, clock, ids, events } = services;
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkMessageBody(input.Type, input.Content, input.Metadata);
    if (input.MessageAttributes) checkMessageAttributesSize(input.MessageAttributes);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
    requireCanSend(access, "SendChannelMessage");
    requireInSubChannel(store, access, subChannelId, "SendChannelMessage");
    const targetArn = input.Target?.[0]?.MemberArn;
    if (targetArn !== undefined && !store.getMembership(access.channel.arn, targetArn)) {
      throw new BadRequestError("The Target of a message must be a member of the channel.");
    }

    const flow = flowFor(store, access.channel.arn, input.Type as string);
    let dispatch: string | undefined;
    const { ClientRequestToken, ...parameters } = input;
    const result = idempotent<SendChannelMessageResponse>(
      store,
      `SendChannelMessage ${caller.arn} ${access.channel.arn}`,
      ClientRequestToken as string,
      parameters,
      () => {
        const messageId = ids.next();
        const now = clock.now().getTime();
        const message = {
          channelArn: access.channel.arn,
          messageId,
          type: input.Type as "STANDARD" | "CONTROL",
          content: input.Content as string,
          metadata: input.Metadata ?? null,
          contentType: input.ContentType ?? null,
          messageAttributes: input.MessageAttributes ? JSON.stringify(input.MessageAttributes) : null,
          targetArn: targetArn ?? null,
          senderArn: caller.arn,
          senderName: caller.user.name,
          redacted: false,
          createdAt: now,
          updatedAt: now,
          editedAt: null,
          status: flow ? ("PENDING" as const) : null,
          statusDetail: null,
          subChannelId: subChannelId ?? null,
        };
        // NON_PERSISTENT messages only reach members connected at the time; they are never stored.
        const persistence = input.Persistence as "PERSISTENT" | "NON_PERSISTENT";
        if (flow) {
          if (persistence === "PERSISTENT") store.insertMessage(message);
          dispatch = beginFlow(services, flow, "CREATE", message, persistence, input.PushNotification);
          return {
            ChannelArn: access.channel.arn,
            MessageId: messageId,
            Status: { Value: "PENDING" },
            SubChannelId: subChannelId,
          };
        }
        const sent = persistence === "PERSISTENT" ? store.insertMessage(message) : { ...message, seq: 0 };
        // Inside the idempotent creation, so a retried request announces (and pushes) nothing twice.
        publishMessageEvent(events, store, "CREATE_CHANNEL_MESSAGE", sent, persistence);
        // Only a message with a push configuration looks for devices: a plain send costs nothing more.
        if (input.PushNotification) {
          deliverPushes(
            { store, clock },
            {
              channelArn: sent.channelArn,
              subChannelId: sent.subChannelId,
              messageId,
              senderArn: caller.arn,
              targetArn: sent.targetArn,
              type: sent.type,
              persistence,
              attributes: input.MessageAttributes ?? {},
              push: input.PushNotification,
            },
          );
        }
        return {
          ChannelArn: access.channel.arn,
          MessageId: messageId,
          Status: { Value: "SENT" },
          SubChannelId: subChannelId,
        };
      },
    );
    if (dispatch !== undefined) scheduleDispatch(services, dispatch);
    return result;
  };
}
