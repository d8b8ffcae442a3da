import type { UpdateAppInstanceUserRequest, UpdateAppInstanceUserResponse } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { checkLength, checkPattern, checkRequired, METADATA_MAX, NON_EMPTY_NAME } from "../../validate";
import { findAppInstanceUser } from "./findAppInstance";

/** The model requires both Name and Metadata: send the current value of the one not changing. */
export function updateAppInstanceUser({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<UpdateAppInstanceUserRequest, UpdateAppInstanceUserResponse> {
  return (input) => {
    checkRequired("name", input.Name);
    checkRequired("metadata", input.Metadata);
    checkLength("name", input.Name, 1, 100);
    checkPattern("name", input.Name, NON_EMPTY_NAME);
    checkLength("metadata", input.Metadata, 0, METADATA_MAX);
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    store.updateUser(user.arn, {
      name: input.Name as string,
      metadata: input.Metadata as string,
      updatedAt: clock.now().getTime(),
    });
    return { AppInstanceUserArn: user.arn };
  };
}
