import type { DeleteAppInstanceAdminRequest } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/**
 * Demotes an admin. Demoting a user who is not an admin is a 204 that changes nothing (the model lists
 * no NotFoundException and AWS does not document this case; the memberships group reads
 * DeleteChannelModerator the same way). An unknown app instance is a ForbiddenException.
 */
export function deleteAppInstanceAdmin({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteAppInstanceAdminRequest, void> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    store.deleteAdmin(appInstance.arn, input.AppInstanceAdminArn as string);
  };
}
