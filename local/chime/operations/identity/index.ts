import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { createAppInstance } from "./createAppInstance";
import { createAppInstanceAdmin } from "./createAppInstanceAdmin";
import { createAppInstanceUser } from "./createAppInstanceUser";
import { deleteAppInstance } from "./deleteAppInstance";
import { deleteAppInstanceAdmin } from "./deleteAppInstanceAdmin";
import { deleteAppInstanceUser } from "./deleteAppInstanceUser";
import { describeAppInstance } from "./describeAppInstance";
import { describeAppInstanceAdmin } from "./describeAppInstanceAdmin";
import { describeAppInstanceUser } from "./describeAppInstanceUser";
import { getAppInstanceRetentionSettings } from "./getAppInstanceRetentionSettings";
import { listAppInstanceAdmins } from "./listAppInstanceAdmins";
import { listAppInstances } from "./listAppInstances";
import { listAppInstanceUsers } from "./listAppInstanceUsers";
import { putAppInstanceRetentionSettings } from "./putAppInstanceRetentionSettings";
import { putAppInstanceUserExpirationSettings } from "./putAppInstanceUserExpirationSettings";
import { updateAppInstance } from "./updateAppInstance";
import { updateAppInstanceUser } from "./updateAppInstanceUser";

/** ChimeSDKIdentity: app instances, their users and admins, user expiration, retention. */
export function identityOperations(services: Services): OperationHandlers {
  return {
    CreateAppInstance: createAppInstance(services),
    DescribeAppInstance: describeAppInstance(services),
    ListAppInstances: listAppInstances(services),
    UpdateAppInstance: updateAppInstance(services),
    DeleteAppInstance: deleteAppInstance(services),
    CreateAppInstanceUser: createAppInstanceUser(services),
    DescribeAppInstanceUser: describeAppInstanceUser(services),
    ListAppInstanceUsers: listAppInstanceUsers(services),
    UpdateAppInstanceUser: updateAppInstanceUser(services),
    DeleteAppInstanceUser: deleteAppInstanceUser(services),
    CreateAppInstanceAdmin: createAppInstanceAdmin(services),
    DescribeAppInstanceAdmin: describeAppInstanceAdmin(services),
    ListAppInstanceAdmins: listAppInstanceAdmins(services),
    DeleteAppInstanceAdmin: deleteAppInstanceAdmin(services),
    PutAppInstanceUserExpirationSettings: putAppInstanceUserExpirationSettings(services),
    PutAppInstanceRetentionSettings: putAppInstanceRetentionSettings(services),
    GetAppInstanceRetentionSettings: getAppInstanceRetentionSettings(services),
  };
}
