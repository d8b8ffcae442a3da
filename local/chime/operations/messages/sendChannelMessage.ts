import type { SendChannelMessageRequest, SendChannelMessageResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../errors";
import { channelAccess, requireCanSend, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { checkCount, checkEnum, checkLength, idempotent, rejectSubChannel } from "../../validate";
import { publishMessageEvent } from "./messageEvents";
import { checkContentType, checkMessageAttributes, checkMessageBody } from "./messageInput";

export function sendChannelMessage({
  store,
  clock,
  ids,
  events,
}: Pick<Services, "store" | "clock" | "ids" | "events">): OperationHandler<
  SendChannelMessageRequest,
  SendChannelMessageResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkEnum("type", input.Type, ["STANDARD", "CONTROL"]);
    checkEnum("persistence", input.Persistence, ["PERSISTENT", "NON_PERSISTENT"]);
    checkMessageBody(input.Type, input.Content, input.Metadata);
    checkContentType(input.ContentType);
    checkMessageAttributes(input.MessageAttributes);
    checkCount("target", input.Target, 1, 1);
    if (input.PushNotification) {
      checkLength("pushNotification.title", input.PushNotification.Title, 1, 50);
      checkLength("pushNotification.body", input.PushNotification.Body, 1, 150);
      checkEnum("pushNotification.type", input.PushNotification.Type, ["DEFAULT", "VOIP"]);
    }
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireCanSend(access, "SendChannelMessage");
    const targetArn = input.Target?.[0]?.MemberArn;
    if (targetArn !== undefined && !store.getMembership(access.channel.arn, targetArn)) {
      throw new BadRequestError("The Target of a message must be a member of the channel.");
    }

    const { ClientRequestToken, ...parameters } = input;
    return idempotent(
      store,
      `SendChannelMessage ${caller.arn} ${access.channel.arn}`,
      ClientRequestToken,
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
        };
        // NON_PERSISTENT messages only reach members connected at the time; they are never stored.
        const persistence = input.Persistence as "PERSISTENT" | "NON_PERSISTENT";
        const sent = persistence === "PERSISTENT" ? store.insertMessage(message) : { ...message, seq: 0 };
        // Inside the idempotent creation, so a retried request announces nothing twice.
        publishMessageEvent(events, store, "CREATE_CHANNEL_MESSAGE", sent, persistence);
        return { ChannelArn: access.channel.arn, MessageId: messageId, Status: { Value: "SENT" } };
      },
    );
  };
}
