import type { DeleteAppInstanceUserRequest } from "@aws-sdk/client-chime-sdk-identity";
import { removeUser } from "../../removal";
import type { OperationHandler, Services } from "../../services";
import { findAppInstanceUser } from "./findAppInstance";

/**
 * Removes the user with their memberships, moderator roles, bans and admin role. Their messages stay
 * in history under their ARN (AWS does not document what happens to them; keeping history loses nothing).
 */
export function deleteAppInstanceUser({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteAppInstanceUserRequest, void> {
  return (input) => {
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    removeUser(store, user.arn);
  };
}
