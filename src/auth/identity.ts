/**
 * The caller's identity from verified claims: the token's `sub` is the AppInstanceUser id, so the
 * bearer is `<appInstanceArn>/user/<sub>`. Callers in the admin group also get the backend service
 * user as bearer for the operations Chime reserves for an AppInstanceAdmin.
 *
 * Which subs may become user ids is a rule of the configuration (docs/identity.md): the sub must look
 * like the issuer's own (`AUTH_USER_ID_PATTERN`, Cognito's UUIDs by default) and must not be a
 * reserved id (the backend user's and `RESERVED_USER_IDS`); the configuration refuses a pattern that
 * admits a reserved id. A token outside the rule is refused here, before any Chime or STS call.
 */
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { APP_INSTANCE_USER_ID, trustedBearer, type Bearer } from "../chime/bearer";
import type { IdentityConfig, TokenUse } from "../config";
import { AuthenticationError } from "./verifier";

export interface CallerIdentity {
  /** The Cognito `sub`, which is also the AppInstanceUser id. */
  sub: string;
  /** `<appInstanceArn>/user/<sub>`, the bearer of every call made for this caller. */
  bearer: Bearer;
  /** The AppInstanceUser's name, from the token's verified claims (see displayName). */
  name: string;
  isAdmin: boolean;
  /** The backend service user, for admin-only operations; only for admins. */
  adminBearer: Bearer | undefined;
  tokenUse: TokenUse;
}

/** A verified token whose `sub` may not act here: a reserved id, or not the issuer's shape of sub. */
export class IdentityRefusedError extends Error {
  constructor(readonly reason: "ReservedUserId" | "UnexpectedSubShape") {
    super("This account cannot use the chat API.");
    this.name = "IdentityRefusedError";
  }
}

/** Chime's AppInstanceUser Name: 1 to 100 characters with at least one that is not white space. */
export const NAME_MAX = 100;

/**
 * A name as Chime's model accepts it, and as people can read it: NFC, no control, format (zero-width
 * space, bidirectional overrides and isolates, ...), private-use, unassigned or surrogate characters,
 * white space collapsed to one space, at most NAME_MAX code points. The zero-width joiner and
 * non-joiner stay: emoji sequences and several scripts (Persian, Indic) need them. Undefined when
 * nothing readable is left.
 */
export function normalizeName(value: string): string | undefined {
  const cleaned = value
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/(?![\u200c\u200d])[\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, "")
    .replace(/[\s\p{Zs}]+/gu, " ")
    .trim();
  const cut = [...cleaned].slice(0, NAME_MAX).join("").trim();
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(cut) ? cut : undefined;
}

function claim(payload: JwtPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" ? normalizeName(value) : undefined;
}

/** `email_verified` is a boolean in Cognito's tokens; some issuers send the string "true". */
function emailVerified(payload: JwtPayload): boolean {
  const value = payload.email_verified;
  return value === true || value === "true";
}

/**
 * The display name, from claims users cannot set for themselves: `name`, then `preferred_username`
 * (which a deployed user pool's app client cannot write, see docs/identity.md), then `email` only when
 * `email_verified` is true, then the username, then the sub. Names are not unique: clients tell users
 * apart by `userId`/`arn`.
 */
export function displayName(payload: JwtPayload, sub: string): string {
  return (
    claim(payload, "name") ??
    claim(payload, "preferred_username") ??
    (emailVerified(payload) ? claim(payload, "email") : undefined) ??
    claim(payload, "cognito:username") ??
    claim(payload, "username") ??
    sub
  );
}

export function identityFromClaims(
  payload: JwtPayload,
  options: { appInstanceArn: string; adminGroup: string; backendUserArn: string; identity: IdentityConfig },
): CallerIdentity {
  const sub = payload.sub;
  if (typeof sub !== "string" || !APP_INSTANCE_USER_ID.test(sub))
    throw new AuthenticationError("invalid", "SubNotAUserId");
  // Reserved first: the configuration makes both checks agree, but a reserved id is the attack to name.
  if (options.identity.reservedUserIds.includes(sub)) throw new IdentityRefusedError("ReservedUserId");
  if (!options.identity.userIdPattern.test(sub)) throw new IdentityRefusedError("UnexpectedSubShape");
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
