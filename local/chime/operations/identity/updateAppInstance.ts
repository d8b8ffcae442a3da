import type { UpdateAppInstanceRequest, UpdateAppInstanceResponse } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/** The model requires both Name and Metadata: send the current value of the one not changing. */
export function updateAppInstance({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<UpdateAppInstanceRequest, UpdateAppInstanceResponse> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    store.updateAppInstance(appInstance.arn, {
      name: input.Name as string,
      metadata: input.Metadata as string,
      updatedAt: clock.now().getTime(),
    });
    return { AppInstanceArn: appInstance.arn };
  };
}
