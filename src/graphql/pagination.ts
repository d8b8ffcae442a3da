/**
 * Relay connections over Chime's NextToken pages.
 *
 * Chime pages are read at a fixed size (50, its maximum), whatever `first` is, so a NextToken is
 * always replayed with the request that produced it. A cursor wraps the NextToken of a Chime page and
 * an offset into it: `first` items are taken from there, and every edge gets a cursor where the next
 * page can start. Cursors are opaque (base64url JSON), bound to the query and the caller that made
 * them: replayed with other arguments or by another user, they are BAD_USER_INPUT.
 */
import { decodeCursor, encodeCursor, queryFingerprint } from "./cursors";
import { badUserInput } from "./errors";
import { pageSize } from "./validation";

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

function encode(q: string, position: Position): string {
  return encodeCursor(q, { o: position.offset, ...(position.token ? { t: position.token } : {}) });
}

function decode(after: string, q: string): Position {
  const { t, o } = decodeCursor(after, q) ?? {};
  if (!Number.isInteger(o) || (o as number) < 0 || (o as number) > CHIME_PAGE_SIZE) throw invalidCursor();
  if (t !== undefined && typeof t !== "string") throw invalidCursor();
  return { token: t, offset: o as number };
}

function invalidCursor() {
  return badUserInput("after", "after is not a cursor of this query: pass an endCursor or edge cursor it returned.");
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
  const q = queryFingerprint(scope);
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
  const edges = items.map((item, index) => new LazyEdge(cursorAfter, index, toNode(item)));
  const hasNextPage = position.offset + items.length < page.items.length || page.nextToken !== undefined;
  // With no edges but more to come (a run of deleted items), the end cursor still moves forward.
  const endCursor =
    edges[edges.length - 1]?.cursor ?? (page.nextToken ? encode(q, { token: page.nextToken, offset: 0 }) : null);
  return forwardConnection(edges, hasNextPage, endCursor);
}

/**
 * An edge whose cursor is encoded when read. A class: an object literal with a getter costs a closure
 * and a slow-mode object per edge, about 30 µs a page of 50 (more than encoding the cursors it spares).
 */
class LazyEdge<N> {
  constructor(
    private readonly cursorAfter: (index: number) => string,
    private readonly index: number,
    readonly node: N,
  ) {}

  get cursor(): string {
    return this.cursorAfter(this.index);
  }
}

/** A connection read forwards only; `endCursor` is where the next request goes on. */
export function forwardConnection<N>(
  edges: Connection<N>["edges"],
  hasNextPage: boolean,
  endCursor: string | null,
): Connection<N> {
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor },
  };
}
