import type { OperationHandlers } from "../../../endpoint/server";
import type { Services } from "../../services";
import { createAppInstance } from "./createAppInstance";
import { createAppInstanceAdmin } from "./createAppInstanceAdmin";
import { createAppInstanceUser } from "./createAppInstanceUser";

/** ChimeSDKIdentity: app instances, their users and admins. */
export function identityOperations(services: Services): OperationHandlers {
  return {
    CreateAppInstance: createAppInstance(services),
    CreateAppInstanceUser: createAppInstanceUser(services),
    CreateAppInstanceAdmin: createAppInstanceAdmin(services),
  };
}
