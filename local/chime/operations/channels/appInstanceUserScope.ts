import { ForbiddenError } from "../../errors";
import type { Store } from "../../../store/store";
import type { Caller } from "../../access";
import { invalidUserArn } from "../../arns";

/**
 * The user the `...ForAppInstanceUser` / `...ByAppInstanceUser` operations look at: the bearer when
 * AppInstanceUserArn is omitted or names the bearer; another user only for AppInstanceAdmins (the
 * role table: "any user ARN" for admins, "own ARN" for everybody else), and then only a user of the
 * admin's app instance.
 */
export function appInstanceUserInScope(
  store: Pick<Store, "getUser">,
  caller: Caller,
  appInstanceUserArn: string | undefined,
  action: string,
): string {
  if (appInstanceUserArn === undefined || appInstanceUserArn === caller.arn) return caller.arn;
  if (!caller.isAdmin) {
    throw new ForbiddenError(`Only AppInstanceAdmins can call ${action} for another AppInstanceUser.`);
  }
  if (store.getUser(appInstanceUserArn)?.appInstanceArn !== caller.appInstanceArn) {
    throw invalidUserArn(appInstanceUserArn);
  }
  return appInstanceUserArn;
}
