import type { DeleteAppInstanceAdminRequest } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/** Demotes an admin; demoting a user who is not an admin is a 204 that changes nothing. */
export function deleteAppInstanceAdmin({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteAppInstanceAdminRequest, void> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    store.deleteAdmin(appInstance.arn, input.AppInstanceAdminArn as string);
  };
}
