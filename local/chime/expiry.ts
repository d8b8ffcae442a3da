/**
 * The sweep: what AWS's "background process" does (docs/aws-behaviour.md §8). It deletes the channels
 * and users whose ExpirationSettings have run out (store/expiryStore.ts says when), as DeleteChannel and
 * DeleteAppInstanceUser do, events included, and the messages past an app instance's retention period
 * once its grace period is over (retention.ts).
 *
 * When: AWS deletes an expired channel or user "within 6 hours of expiration" and shows it as active
 * until then. The endpoint takes the earliest point of that window, so that tests and clients can
 * count on it: the sweep runs before the first request at or after the next expiration (the endpoint
 * knows when that is), at the latest every minute of its clock, and on a timer while no request
 * comes (localEndpoint.ts). A request at or after the moment never sees the expired channel: not by
 * its ARN, not in a list. Everything reads the endpoint's clock, so a test moves the clock and sees
 * the deletion on its next call.
 */
import type { Store } from "../store/store";
import type { ChannelEvents } from "./events";
import { removeChannel, removeUser } from "./removal";
import { DAY_MS } from "./retention";
import type { Clock, OperationHandlers } from "./services";

/** The longest the sweep waits, in the endpoint clock's time, for retention's ongoing deletions. */
const SWEEP_INTERVAL_MS = 60_000;

/** Operations after which the next expiration may be sooner: the next request sweeps and reschedules. */
const RESCHEDULING = new Set([
  "CreateChannel",
  "PutChannelExpirationSettings",
  "CreateAppInstanceUser",
  "PutAppInstanceUserExpirationSettings",
  "PutAppInstanceRetentionSettings",
]);

export interface Sweeper {
  /** Sweeps if an expiration is due or the interval has passed. */
  runIfDue(): void;
  /** Something may expire sooner than planned: sweep before the next request. */
  reschedule(): void;
}

export function createSweeper({
  store,
  clock,
  events,
}: {
  store: Store;
  clock: Clock;
  events: ChannelEvents;
}): Sweeper {
  // 0: sweep at the first request (an endpoint restarted on a database whose channels expired meanwhile).
  let nextDueAt = 0;
  let lastSweepAt = Number.NEGATIVE_INFINITY;

  function sweep(now: number): void {
    for (const arn of store.expiredChannelArns(now)) {
      const channel = store.getChannel(arn);
      if (channel) removeChannel(store, events, channel);
    }
    for (const arn of store.expiredUserArns(now)) removeUser(store, arn);
    for (const retention of store.retentionsDeletingBy(now)) {
      store.deleteMessagesCreatedBefore(retention.appInstanceArn, now - (retention.retentionDays as number) * DAY_MS);
    }
    const next = [store.nextExpiryAfter(now), store.nextRetentionDeletionAfter(now)].filter(
      (at): at is number => at !== undefined,
    );
    nextDueAt = next.length > 0 ? Math.min(...next) : Number.POSITIVE_INFINITY;
    lastSweepAt = now;
  }

  return {
    runIfDue() {
      const now = clock.now().getTime();
      if (now >= nextDueAt || now - lastSweepAt >= SWEEP_INTERVAL_MS) sweep(now);
    },
    reschedule() {
      nextDueAt = 0;
    },
  };
}

/** Every operation runs after a due sweep; the ones that set an expiration reschedule it. */
export function withSweeps(handlers: OperationHandlers, sweeper: Sweeper): OperationHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([operation, handler]) => [
      operation,
      (input: never, context) => {
        sweeper.runIfDue();
        const result = handler(input, context);
        if (RESCHEDULING.has(operation)) sweeper.reschedule();
        return result;
      },
    ]),
  );
}
