import type { OperationHandlers } from "../../../endpoint/server";
import type { Services } from "../../services";

/** ChimeSDKMessaging: channel memberships, moderators and bans. */
export function membershipOperations(services: Services): OperationHandlers {
  void services;
  return {};
}
