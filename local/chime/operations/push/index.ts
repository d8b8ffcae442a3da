import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { deregisterAppInstanceUserEndpoint } from "./deregisterAppInstanceUserEndpoint";
import { describeAppInstanceUserEndpoint } from "./describeAppInstanceUserEndpoint";
import { getChannelMembershipPreferences } from "./getChannelMembershipPreferences";
import { listAppInstanceUserEndpoints } from "./listAppInstanceUserEndpoints";
import { putChannelMembershipPreferences } from "./putChannelMembershipPreferences";
import { registerAppInstanceUserEndpoint } from "./registerAppInstanceUserEndpoint";
import { updateAppInstanceUserEndpoint } from "./updateAppInstanceUserEndpoint";

/**
 * Mobile push: users' device endpoints (ChimeSDKIdentity) and members' notification preferences
 * (ChimeSDKMessaging). Delivery itself is part of SendChannelMessage (local/chime/push/delivery.ts).
 * The model has no DeleteChannelMembershipPreferences: Put without PushNotifications resets them.
 */
export function pushOperations(services: Services): OperationHandlers {
  return {
    RegisterAppInstanceUserEndpoint: registerAppInstanceUserEndpoint(services),
    DescribeAppInstanceUserEndpoint: describeAppInstanceUserEndpoint(services),
    ListAppInstanceUserEndpoints: listAppInstanceUserEndpoints(services),
    UpdateAppInstanceUserEndpoint: updateAppInstanceUserEndpoint(services),
    DeregisterAppInstanceUserEndpoint: deregisterAppInstanceUserEndpoint(services),
    GetChannelMembershipPreferences: getChannelMembershipPreferences(services),
    PutChannelMembershipPreferences: putChannelMembershipPreferences(services),
  };
}
