import type { DeleteAppInstanceRequest } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/**
 * Deletes the app instance with everything in it: users, admins, channels and their messages go with
 * it through the store's foreign keys, and the tags of all of them (`<app instance ARN>/...`) here.
 */
export function deleteAppInstance({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteAppInstanceRequest, void> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    store.transaction(() => {
      store.deleteTagsUnder(appInstance.arn);
      store.deleteAppInstance(appInstance.arn);
    });
  };
}
