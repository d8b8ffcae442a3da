import type { GetChannelMessageRequest, GetChannelMessageResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { rejectSubChannel } from "../../unsupported";
import type { OperationHandler, Services } from "../../services";
import { messageView } from "../../views";
import { findMessage } from "./findMessage";

export function getChannelMessage({
  store,
}: Pick<Services, "store">): OperationHandler<GetChannelMessageRequest, GetChannelMessageResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    requireCanRead(access, "GetChannelMessage");
    const message = findMessage(store, access.channel.arn, input.MessageId as string, caller.arn, "NotFound");
    return { ChannelMessage: messageView(message) };
  };
}
