import type { CreateAppInstanceUserRequest, CreateAppInstanceUserResponse } from "@aws-sdk/client-chime-sdk-identity";
import { ConflictError, ForbiddenError } from "../../errors";
import { appInstanceUserArn } from "../../arns";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import { idempotent } from "../../idempotency";

/** ExpirationSettings are stored, returned, and carried out by the sweep (local/chime/expiry.ts). */
export function createAppInstanceUser({
  store,
  clock,
  config,
}: Pick<Services, "store" | "clock" | "config">): OperationHandler<
  CreateAppInstanceUserRequest,
  CreateAppInstanceUserResponse
> {
  return (input) => {
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(store, "CreateAppInstanceUser", ClientRequestToken as string, parameters, () => {
      const appInstance = store.getAppInstance(input.AppInstanceArn as string);
      if (!appInstance) throw new ForbiddenError("The app instance does not exist.");
      const arn = appInstanceUserArn(appInstance.arn, input.AppInstanceUserId as string);
      if (store.getUser(arn))
        throw new ConflictError(`The app instance user ${input.AppInstanceUserId} already exists.`);
      requireWithinQuota(config.quotas, "usersPerAppInstance", store.countUsers(appInstance.arn));
      const now = clock.now().getTime();
      store.insertUser({
        arn,
        appInstanceArn: appInstance.arn,
        name: input.Name as string,
        metadata: input.Metadata ?? null,
        expirationSettings: input.ExpirationSettings ? JSON.stringify(input.ExpirationSettings) : null,
        createdAt: now,
        updatedAt: now,
      });
      if (input.Tags) store.putTags(arn, input.Tags);
      return { AppInstanceUserArn: arn };
    });
  };
}
