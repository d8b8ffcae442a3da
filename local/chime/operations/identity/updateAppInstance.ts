import type { UpdateAppInstanceRequest, UpdateAppInstanceResponse } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { checkLength, checkPattern, checkRequired, METADATA_MAX, NON_EMPTY_NAME } from "../../validate";
import { findAppInstance } from "./findAppInstance";

/** The model requires both Name and Metadata: send the current value of the one not changing. */
export function updateAppInstance({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<UpdateAppInstanceRequest, UpdateAppInstanceResponse> {
  return (input) => {
    checkRequired("name", input.Name);
    checkRequired("metadata", input.Metadata);
    checkLength("name", input.Name, 1, 256);
    checkPattern("name", input.Name, NON_EMPTY_NAME);
    checkLength("metadata", input.Metadata, 0, METADATA_MAX);
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    store.updateAppInstance(appInstance.arn, {
      name: input.Name as string,
      metadata: input.Metadata as string,
      updatedAt: clock.now().getTime(),
    });
    return { AppInstanceArn: appInstance.arn };
  };
}
