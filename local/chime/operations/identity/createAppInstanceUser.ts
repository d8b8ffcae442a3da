import type { CreateAppInstanceUserRequest, CreateAppInstanceUserResponse } from "@aws-sdk/client-chime-sdk-identity";
import { ConflictError, ForbiddenError } from "../../errors";
import { appInstanceUserArn } from "../../arns";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import { checkExpirationSettings } from "./expirationSettings";
import {
  checkArn,
  checkLength,
  checkPattern,
  checkTags,
  idempotent,
  METADATA_MAX,
  NON_EMPTY_NAME,
  RESOURCE_ID,
} from "../../validate";

export function createAppInstanceUser({
  store,
  clock,
  config,
}: Pick<Services, "store" | "clock" | "config">): OperationHandler<
  CreateAppInstanceUserRequest,
  CreateAppInstanceUserResponse
> {
  return (input) => {
    checkArn("appInstanceArn", input.AppInstanceArn);
    checkLength("appInstanceUserId", input.AppInstanceUserId, 1, 64);
    checkPattern("appInstanceUserId", input.AppInstanceUserId, RESOURCE_ID);
    checkLength("name", input.Name, 1, 100);
    checkPattern("name", input.Name, NON_EMPTY_NAME);
    checkLength("metadata", input.Metadata, 0, METADATA_MAX);
    checkTags(input.Tags);
    checkExpirationSettings(input.ExpirationSettings);
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(store, "CreateAppInstanceUser", ClientRequestToken, parameters, () => {
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
