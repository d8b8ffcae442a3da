import type { CreateAppInstanceAdminRequest, CreateAppInstanceAdminResponse } from "@aws-sdk/client-chime-sdk-identity";
import { ForbiddenError } from "../../errors";
import { invalidUserArn } from "../../arns";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/**
 * Promotes an AppInstanceUser of the same app instance to AppInstanceAdmin. Promoting an admin again
 * succeeds and changes nothing (the model lists ConflictException but does not say when; an
 * idempotent promotion is the reading that loses nothing).
 */
export function createAppInstanceAdmin({
  store,
  clock,
  config,
}: Pick<Services, "store" | "clock" | "config">): OperationHandler<
  CreateAppInstanceAdminRequest,
  CreateAppInstanceAdminResponse
> {
  return (input) => {
    const appInstanceArn = input.AppInstanceArn as string;
    const adminArn = input.AppInstanceAdminArn as string;
    if (!store.getAppInstance(appInstanceArn)) throw new ForbiddenError("The app instance does not exist.");
    if (store.getUser(adminArn)?.appInstanceArn !== appInstanceArn) throw invalidUserArn(adminArn);
    store.transaction(() => {
      if (store.getAdmin(appInstanceArn, adminArn)) return;
      requireWithinQuota(config.quotas, "adminsPerAppInstance", store.countAdmins(appInstanceArn));
      store.insertAdmin({ appInstanceArn, adminArn, createdAt: clock.now().getTime() });
    });
    return { AppInstanceAdmin: identityOf(store, adminArn), AppInstanceArn: appInstanceArn };
  };
}
