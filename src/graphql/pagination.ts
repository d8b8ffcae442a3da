/**
 * Relay connections over Chime's NextToken pages.
 *
 * Chime pages are read at a fixed size (50, its maximum), whatever `first` is, so a NextToken is
 * always replayed with the request that produced it. A cursor wraps the NextToken of a Chime page and
 * an offset into it: `first` items are taken from there, and every edge gets a cursor where the next
 * page can start. Cursors are opaque (base64url JSON), bound to the query and the caller that made
 * them: replayed with other arguments or by another user, they are BAD_USER_INPUT.
 */
import { createHash } from "node:crypto";
import { badUserInput } from "./errors";
import { LIMITS, pageSize } from "./validation";

export const CHIME_PAGE_SIZE = 50;

/** Chime's list pages, seen the same way whatever the operation. */
export interface ChimePage<T> {
  items: T[];
  nextToken?: string;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

interface Position {
  /** NextToken of the Chime page the position is in; none for the first page. */
  token?: string;
  /** Items of that page already returned. */
  offset: number;
}

interface CursorPayload {
  v: 1;
  /** Fingerprint of the query and caller. */
  q: string;
  t?: string;
  o: number;
}

function fingerprint(scope: unknown): string {
  return createHash("sha256").update(JSON.stringify(scope)).digest("base64url").slice(0, 22);
}

function encode(q: string, position: Position): string {
  const payload: CursorPayload = { v: 1, q, o: position.offset, ...(position.token ? { t: position.token } : {}) };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

function decode(after: string, q: string): Position {
  const invalid = badUserInput(
    "after",
    "after is not a cursor of this query: pass an endCursor or edge cursor it returned.",
  );
  if (after.length > LIMITS.cursor || !/^[A-Za-z0-9_-]+$/.test(after)) throw invalid;
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as Partial<CursorPayload>;
  } catch {
    throw invalid;
  }
  if (
    typeof payload !== "object" ||
    payload === null ||
    payload.v !== 1 ||
    payload.q !== q ||
    !Number.isInteger(payload.o) ||
    (payload.o as number) < 0 ||
    (payload.o as number) > CHIME_PAGE_SIZE ||
    (payload.t !== undefined && typeof payload.t !== "string")
  ) {
    throw invalid;
  }
  return { token: payload.t, offset: payload.o as number };
}

/**
 * One page of a connection: `fetch` reads a Chime page (50 items) from a NextToken; `scope` is everything
 * that selects the result set (operation, arguments, caller).
 */
export async function connection<T, N>(
  args: { first?: number | null; after?: string | null },
  scope: unknown,
  fetch: (nextToken: string | undefined) => Promise<ChimePage<T>>,
  toNode: (item: T) => N,
): Promise<Connection<N>> {
  const first = pageSize(args.first);
  const q = fingerprint(scope);
  let position: Position = args.after ? decode(args.after, q) : { offset: 0 };
  let page = await fetch(position.token);
  // A position at the very end of a Chime page continues on the next one (bounded: a page of
  // deletions could make Chime hand out empty pages).
  for (let hops = 0; position.offset >= page.items.length && page.nextToken && hops < 3; hops += 1) {
    position = { token: page.nextToken, offset: 0 };
    page = await fetch(position.token);
  }
  const items = page.items.slice(position.offset, position.offset + first);
  const cursorAfter = (index: number): string => {
    const offset = position.offset + index + 1;
    return offset >= page.items.length && page.nextToken
      ? encode(q, { token: page.nextToken, offset: 0 })
      : encode(q, { token: position.token, offset });
  };
  // Edge cursors are made when a client asks for them: most ask for the page's endCursor only.
  const edges = items.map((item, index) => ({
    get cursor() {
      return cursorAfter(index);
    },
    node: toNode(item),
  }));
  const hasNextPage = position.offset + items.length < page.items.length || page.nextToken !== undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      // With no edges but more to come (a run of deleted items), the end cursor still moves forward.
      endCursor:
        edges[edges.length - 1]?.cursor ?? (page.nextToken ? encode(q, { token: page.nextToken, offset: 0 }) : null),
    },
  };
}
