import type { GetChannelMessageRequest, GetChannelMessageResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { messageSubChannel, requireCanReadSubChannel } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { messageView } from "../../views";
import { findMessage } from "./findMessage";

export function getChannelMessage({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<GetChannelMessageRequest, GetChannelMessageResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
    requireCanRead(access, "GetChannelMessage");
    requireCanReadSubChannel(store, access, subChannelId, "GetChannelMessage");
    const message = findMessage({ store, clock }, access, input.MessageId as string, subChannelId, "NotFound");
    return { ChannelMessage: messageView(message) };
  };
}
