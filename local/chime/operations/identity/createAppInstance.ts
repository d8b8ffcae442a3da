import type { CreateAppInstanceRequest, CreateAppInstanceResponse } from "@aws-sdk/client-chime-sdk-identity";
import { appInstanceArn } from "../../arns";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import { idempotent } from "../../idempotency";

export function createAppInstance({
  store,
  clock,
  ids,
  config,
}: Pick<Services, "store" | "clock" | "ids" | "config">): OperationHandler<
  CreateAppInstanceRequest,
  CreateAppInstanceResponse
> {
  return (input) => {
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(store, "CreateAppInstance", ClientRequestToken as string, parameters, () => {
      requireWithinQuota(config.quotas, "appInstancesPerAccount", store.countAppInstances());
      const now = clock.now().getTime();
      const arn = appInstanceArn(config, ids.next());
      store.insertAppInstance({
        arn,
        name: input.Name as string,
        metadata: input.Metadata ?? null,
        createdAt: now,
        updatedAt: now,
      });
      if (input.Tags) store.putTags(arn, input.Tags);
      return { AppInstanceArn: arn };
    });
  };
}
