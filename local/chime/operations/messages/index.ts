import type { OperationHandlers } from "../../../endpoint/server";
import type { Services } from "../../services";
import { listChannelMessages } from "./listChannelMessages";
import { sendChannelMessage } from "./sendChannelMessage";

/** ChimeSDKMessaging: channel messages. */
export function messageOperations(services: Services): OperationHandlers {
  return {
    SendChannelMessage: sendChannelMessage(services),
    ListChannelMessages: listChannelMessages(services),
  };
}
