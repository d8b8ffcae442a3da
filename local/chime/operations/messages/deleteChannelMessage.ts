import type { DeleteChannelMessageRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { channelAccess, resolveBearer } from "../../access";
import { messageSubChannel } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { findMessage } from "./findMessage";
import { publishMessageEvent } from "./messageEvents";

/** Only AppInstanceAdmins delete messages (the model); the message leaves history at once. */
export function deleteChannelMessage({
  store,
  clock,
  events,
}: Pick<Services, "store" | "clock" | "events">): OperationHandler<DeleteChannelMessageRequest, void> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
    if (!caller.isAdmin) throw new ForbiddenError("Only AppInstanceAdmins can delete messages.");
    const message = findMessage({ store, clock }, access, input.MessageId as string, subChannelId, "Forbidden");
    store.deleteMessage(message.seq);
    publishMessageEvent(events, store, "DELETE_CHANNEL_MESSAGE", message);
  };
}
