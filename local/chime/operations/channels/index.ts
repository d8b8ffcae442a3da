import type { OperationHandlers } from "../../../endpoint/server";
import type { Services } from "../../services";
import { createChannel } from "./createChannel";

/** ChimeSDKMessaging: channels, the per-user channel views, read markers and the session endpoint. */
export function channelOperations(services: Services): OperationHandlers {
  return {
    CreateChannel: createChannel(services),
  };
}
