/**
 * The `ChimeBearer` of a call: the AppInstanceUser ARN Chime acts as. The server's role may act as any
 * user, so the bearer is the whole security model of the API: it comes from the verified token (or is
 * the configured backend user for admins), never from client input.
 *
 * The brand makes "some string" unusable as a bearer: only `src/auth` creates bearers, from a verified
 * identity or the configuration.
 */
declare const verifiedBearer: unique symbol;

export type Bearer = string & { readonly [verifiedBearer]: true };

/** For `src/auth` only: marks an ARN derived from a verified token or the configuration as a bearer. */
export function trustedBearer(userArn: string): Bearer {
  return userArn as Bearer;
}

/** The AppInstanceUserId pattern of the identity model (Cognito subs, UUIDs, match it). */
export const APP_INSTANCE_USER_ID = /^[A-Za-z0-9]([A-Za-z0-9:\-_.@]{0,62}[A-Za-z0-9])?$/;
