/**
 * The RoleSessionName of a user's vended session. It shows in CloudTrail and in the assumed-role ARN
 * (`arn:aws:sts::<account>:assumed-role/<role>/<session name>`), so it names the user, and it is
 * deterministic: the same user always gets the same name.
 *
 * STS allows 2 to 64 characters of `[\w+=,.@-]` (ASCII). A user id that fits as it is gives
 * `user-<id>` (a Cognito sub, a UUID, always does). Any other id gives `userh-<readable part>-<hash>`:
 * characters outside the set become `_`, the readable part is cut to fit, and 16 hex digits of the
 * id's SHA-256 keep two such ids apart. The two prefixes differ, so the forms cannot collide.
 */
import { createHash } from "node:crypto";

export const ROLE_SESSION_NAME_MAX = 64;
const ALLOWED = /^[\w+=,.@-]*$/;
const DIRECT_PREFIX = "user-";
const HASHED_PREFIX = "userh-";
const HASH_HEX_DIGITS = 16;

export function roleSessionName(userId: string): string {
  const direct = `${DIRECT_PREFIX}${userId}`;
  if (ALLOWED.test(userId) && direct.length <= ROLE_SESSION_NAME_MAX) return direct;
  const hash = createHash("sha256").update(userId, "utf8").digest("hex").slice(0, HASH_HEX_DIGITS);
  const room = ROLE_SESSION_NAME_MAX - HASHED_PREFIX.length - 1 - HASH_HEX_DIGITS;
  // By code point, so a character outside the BMP becomes one `_`, not two.
  const readable = [...userId]
    .slice(0, room)
    .map((char) => (/^[\w+=,.@-]$/.test(char) ? char : "_"))
    .join("");
  return `${HASHED_PREFIX}${readable}-${hash}`;
}
