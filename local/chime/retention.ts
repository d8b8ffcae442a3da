/**
 * App-instance retention (DG "Managing message retention"; docs/aws-behaviour.md §8): with
 * ChannelRetentionSettings.RetentionDays set, channel messages older than that many days are gone for
 * the app instance's users at once: no list, read or change shows them. They are deleted for good only
 * after a 30-day grace period from the setting or its change, the InitiateDeletionTimestamp: during
 * it, extending the period or turning retention off brings back the messages still within it ("become
 * visible again"); after it, the sweep (expiry.ts) deletes them, and every later message once it passes
 * the period. Retention removes messages only: channels, memberships and users stay.
 */
import type { Store } from "../store/store";

export const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_GRACE_MS = 30 * DAY_MS;

/** Messages created before this are past the app instance's retention period; undefined: retention off. */
export function retentionCutoff(store: Pick<Store, "getRetention">, appInstanceArn: string, now: number) {
  const days = store.getRetention(appInstanceArn)?.retentionDays ?? null;
  return days === null ? undefined : now - days * DAY_MS;
}
