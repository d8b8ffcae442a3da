import { ForbiddenError } from "../../errors";
import type { Store } from "../../../store/store";
import { resolveBearer, type Caller } from "../../access";
import { invalidUserArn } from "../../arns";
import { decodeNextToken, isStringCursor, pageSize } from "../../pagination";

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

/** The bearer of an `...AppInstanceUser` request and the user it looks at (appInstanceUserInScope). */
export function callerAndUserInScope(
  store: Pick<Store, "getUser" | "getBearer">,
  input: { ChimeBearer: string | undefined; AppInstanceUserArn?: string },
  action: string,
): { caller: Caller; userArn: string } {
  const caller = resolveBearer(store, input.ChimeBearer);
  return { caller, userArn: appInstanceUserInScope(store, caller, input.AppInstanceUserArn, action) };
}

/**
 * The page a `List...ForAppInstanceUser` / `List...ByAppInstanceUser` request asks for: its user, its
 * size, where it starts (a channel ARN), and the scope its NextTokens are bound to.
 */
export function userChannelsPageRequest(
  store: Pick<Store, "getUser" | "getBearer">,
  input: { ChimeBearer: string | undefined; AppInstanceUserArn?: string; MaxResults?: number; NextToken?: string },
  operation: string,
): { userArn: string; limit: number; after: string | undefined; tokenScope: object } {
  const { caller, userArn } = callerAndUserInScope(store, input, operation);
  const tokenScope = { operation, userArn, bearer: caller.arn };
  const after = decodeNextToken(input.NextToken, tokenScope, isStringCursor);
  return { userArn, limit: pageSize(input.MaxResults), after, tokenScope };
}
