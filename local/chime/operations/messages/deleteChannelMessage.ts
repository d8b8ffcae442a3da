import type { DeleteChannelMessageRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { channelAccess, resolveBearer } from "../../access";
import { rejectSubChannel } from "../../unsupported";
import type { OperationHandler, Services } from "../../services";
import { findMessage } from "./findMessage";
import { publishMessageEvent } from "./messageEvents";

/** Only AppInstanceAdmins delete messages (the model); the message leaves history at once. */
export function deleteChannelMessage({
  store,
  events,
}: Pick<Services, "store" | "events">): OperationHandler<DeleteChannelMessageRequest, void> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    if (!caller.isAdmin) throw new ForbiddenError("Only AppInstanceAdmins can delete messages.");
    const message = findMessage(store, access.channel.arn, input.MessageId as string, caller.arn, "Forbidden");
    store.deleteMessage(message.seq);
    publishMessageEvent(events, store, "DELETE_CHANNEL_MESSAGE", message);
  };
}
