import type { UpdateAppInstanceUserRequest, UpdateAppInstanceUserResponse } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstanceUser } from "./findAppInstance";

/** The model requires both Name and Metadata: send the current value of the one not changing. */
export function updateAppInstanceUser({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<UpdateAppInstanceUserRequest, UpdateAppInstanceUserResponse> {
  return (input) => {
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    store.updateUser(user.arn, {
      name: input.Name as string,
      metadata: input.Metadata as string,
      updatedAt: clock.now().getTime(),
    });
    return { AppInstanceUserArn: user.arn };
  };
}
