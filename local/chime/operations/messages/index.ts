import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { deleteChannelMessage } from "./deleteChannelMessage";
import { getChannelMessage } from "./getChannelMessage";
import { getChannelMessageStatus } from "./getChannelMessageStatus";
import { listChannelMessages } from "./listChannelMessages";
import { redactChannelMessage } from "./redactChannelMessage";
import { sendChannelMessage } from "./sendChannelMessage";
import { updateChannelMessage } from "./updateChannelMessage";

/** ChimeSDKMessaging: channel messages. */
export function messageOperations(services: Services): OperationHandlers {
  return {
    SendChannelMessage: sendChannelMessage(services),
    ListChannelMessages: listChannelMessages(services),
    GetChannelMessage: getChannelMessage(services),
    UpdateChannelMessage: updateChannelMessage(services),
    RedactChannelMessage: redactChannelMessage(services),
    DeleteChannelMessage: deleteChannelMessage(services),
    GetChannelMessageStatus: getChannelMessageStatus(services),
  };
}
