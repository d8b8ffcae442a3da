/**
 * Opaque connection cursors: base64url JSON `{ v: 1, q, ...position }`, where `q` fingerprints the query
 * and the caller that made the cursor, so a cursor replayed with other arguments or by another user is
 * refused. What a position holds is the connection's own business (pagination.ts, resolvers/search.ts).
 */
import { createHash } from "node:crypto";
import { LIMITS } from "./validation";

/** Fingerprint of `scope`: everything that selects the result set (operation, arguments, caller). */
export function queryFingerprint(scope: unknown): string {
  return createHash("sha256").update(JSON.stringify(scope)).digest("base64url").slice(0, 22);
}

export function encodeCursor(q: string, position: object): string {
  return Buffer.from(JSON.stringify({ v: 1, q, ...position })).toString("base64url");
}

/**
 * The position fields of a cursor made for fingerprint `q`, still to be checked by the caller; undefined
 * when `after` is not such a cursor at all.
 */
export function decodeCursor(after: string, q: string): Record<string, unknown> | undefined {
  if (after.length > LIMITS.cursor || !/^[A-Za-z0-9_-]+$/.test(after)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof payload !== "object" || payload === null) return undefined;
  const { v, q: fingerprint, ...position } = payload as Record<string, unknown>;
  return v === 1 && fingerprint === q ? position : undefined;
}
