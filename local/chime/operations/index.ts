/**
 * The operations the local endpoint implements, by the model's operation name, one module each,
 * grouped by domain. An operation of either model that is missing here answers
 * NotImplementedException naming it.
 */
import type { OperationHandlers } from "../services";
import type { Services } from "../services";
import { channelFlowOperations } from "./flows";
import { channelOperations } from "./channels";
import { identityOperations } from "./identity";
import { membershipOperations } from "./memberships";
import { messageOperations } from "./messages";
import { pushOperations } from "./push";
import { tagOperations } from "./tags";

export function createOperationHandlers(services: Services): OperationHandlers {
  return {
    ...identityOperations(services),
    ...channelOperations(services),
    ...membershipOperations(services),
    ...messageOperations(services),
    ...pushOperations(services),
    ...channelFlowOperations(services),
    ...tagOperations(services),
  };
}
