/**
 * Reading the push outbox: what delivery.ts recorded, newest first, one user's or everybody's. Entries
 * carry push titles and bodies (message text, when an app puts it there) and device tokens: the
 * endpoint serves them to the developer key only (local/endpoint/control.ts).
 */
import type { Store } from "../../store/store";
import type { OutboxEntry } from "./delivery";

export const OUTBOX_PAGE_DEFAULT = 100;
export const OUTBOX_PAGE_MAX = 1000;

export interface OutboxPage {
  /** Newest first; `seq` orders them (higher is newer). */
  pushes: (OutboxEntry & { seq: number })[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  before?: number;
}

export function readOutbox(
  store: Pick<Store, "listOutbox">,
  query: { userArn?: string; before?: number; limit?: number },
): OutboxPage {
  const page = store.listOutbox({ ...query, limit: query.limit ?? OUTBOX_PAGE_DEFAULT });
  const pushes = page.items.map((row) => ({ seq: row.seq, ...(JSON.parse(row.entry) as OutboxEntry) }));
  const last = pushes[pushes.length - 1];
  return page.hasMore && last ? { pushes, before: last.seq } : { pushes };
}
