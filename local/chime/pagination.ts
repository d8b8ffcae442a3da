/**
 * Opaque NextTokens. A token carries the keyset cursor of the next page and is bound to the query that
 * produced it: replaying it with other filters, or tampering with it, is a BadRequestException.
 */
import { createHash } from "node:crypto";
import { BadRequestError } from "./errors";

const DEFAULT_PAGE_SIZE = 50; // Not stated by the model or the docs; 50 is the model's maximum.

/** MaxResults (1 to 50, checked with the model's other constraints before the operation), or the default. */
export function pageSize(maxResults: number | undefined): number {
  return maxResults ?? DEFAULT_PAGE_SIZE;
}

function fingerprint(query: unknown): string {
  return createHash("sha256").update(JSON.stringify(query)).digest("base64url").slice(0, 16);
}

/** `query` is everything that selects the result set (operation, filters, caller), not the cursor. */
export function encodeNextToken(query: unknown, cursor: unknown): string {
  return Buffer.from(JSON.stringify({ q: fingerprint(query), c: cursor })).toString("base64url");
}

export function decodeNextToken<Cursor>(
  token: string | undefined,
  query: unknown,
  isCursor: (value: unknown) => value is Cursor,
): Cursor | undefined {
  if (token === undefined) return undefined;
  const invalid = new BadRequestError("The NextToken is invalid or belongs to a different request.");
  let decoded: { q?: unknown; c?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { q?: unknown; c?: unknown };
  } catch {
    throw invalid;
  }
  if (typeof decoded !== "object" || decoded === null || decoded.q !== fingerprint(query) || !isCursor(decoded.c)) {
    throw invalid;
  }
  return decoded.c;
}

/** Builds the NextToken of a page, or none for the last page (the service omits it). */
export function nextTokenFor<T>(
  page: { items: T[]; hasMore: boolean },
  query: unknown,
  cursorOf: (last: T) => unknown,
): string | undefined {
  const last = page.items[page.items.length - 1];
  return page.hasMore && last !== undefined ? encodeNextToken(query, cursorOf(last)) : undefined;
}

export const isStringCursor = (value: unknown): value is string => typeof value === "string";

/**
 * One page of a listing in the order of a string key (an ARN, an id): the input's NextToken read back
 * for `query`, the rows `read` gives after that key, and the NextToken of the page after them.
 */
export function keysetPage<Row>(
  input: { MaxResults?: number; NextToken?: string },
  query: unknown,
  read: (after: string | undefined, limit: number) => { items: Row[]; hasMore: boolean },
  keyOf: (last: Row) => string,
): { items: Row[]; NextToken: string | undefined } {
  const page = read(decodeNextToken(input.NextToken, query, isStringCursor), pageSize(input.MaxResults));
  return { items: page.items, NextToken: nextTokenFor(page, query, keyOf) };
}
