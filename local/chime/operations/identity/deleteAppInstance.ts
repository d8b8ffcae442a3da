import type { DeleteAppInstanceRequest } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/** Deletes the app instance with everything in it: users, admins, channels and their messages. */
export function deleteAppInstance({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteAppInstanceRequest, void> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    store.transaction(() => {
      store.deleteAppInstance(appInstance.arn);
      store.deleteTags(appInstance.arn);
    });
  };
}
