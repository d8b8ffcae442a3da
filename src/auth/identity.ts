/**
 * The caller's identity from verified claims: the token's `sub` is the AppInstanceUser id, so the
 * bearer is `<appInstanceArn>/user/<sub>`. Callers in the admin group also get the backend service
 * user as bearer for the operations Chime reserves for an AppInstanceAdmin.
 */
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { APP_INSTANCE_USER_ID, trustedBearer, type Bearer } from "../chime/bearer";
import type { TokenUse } from "../config";
import { AuthenticationError } from "./verifier";

export interface CallerIdentity {
  /** The Cognito `sub`, which is also the AppInstanceUser id. */
  sub: string;
  /** `<appInstanceArn>/user/<sub>`, the bearer of every call made for this caller. */
  bearer: Bearer;
  /** The AppInstanceUser's name, from the token. */
  name: string;
  isAdmin: boolean;
  /** The backend service user, for admin-only operations; only for admins. */
  adminBearer: Bearer | undefined;
  tokenUse: TokenUse;
}

const NAME_MAX = 100;

function claim(payload: JwtPayload, name: string): string | undefined {
  const value = payload[name];
  if (typeof value !== "string") return undefined;
  // Names are printable text: control characters go, runs of spaces become one.
  const cleaned = value
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned === "" ? undefined : [...cleaned].slice(0, NAME_MAX).join("").trim();
}

export function displayName(payload: JwtPayload, sub: string): string {
  return (
    claim(payload, "name") ??
    claim(payload, "preferred_username") ??
    claim(payload, "email") ??
    claim(payload, "cognito:username") ??
    claim(payload, "username") ??
    sub
  );
}

export function identityFromClaims(
  payload: JwtPayload,
  options: { appInstanceArn: string; adminGroup: string; backendUserArn: string },
): CallerIdentity {
  const sub = payload.sub;
  if (typeof sub !== "string" || !APP_INSTANCE_USER_ID.test(sub))
    throw new AuthenticationError("invalid", "SubNotAUserId");
  const groups = payload["cognito:groups"];
  const isAdmin = Array.isArray(groups) && groups.includes(options.adminGroup);
  return {
    sub,
    bearer: trustedBearer(`${options.appInstanceArn}/user/${sub}`),
    name: displayName(payload, sub),
    isAdmin,
    adminBearer: isAdmin ? trustedBearer(options.backendUserArn) : undefined,
    tokenUse: payload.token_use === "access" ? "access" : "id",
  };
}
