/**
 * The API's own metrics, in CloudWatch's embedded metric format (EMF) through Powertools Metrics:
 * JSON lines in the function's log that CloudWatch turns into metrics, with no API call and no
 * waiting. Knows nothing of GraphQL.
 *
 * - `ChimeCalls` (dimensions `outcome`, and `operation` + `outcome`): every Chime call.
 * - `StsCalls` (`outcome`): every AssumeRole the `credentials` mutation makes (cache hits make none).
 * - `RateLimited` (none, and `limit`): requests refused by a per-user limit (src/limits).
 * - `AuthFailures` (none, and `reason`): requests refused for their token.
 * Every series also has the `service` dimension (POWERTOOLS_SERVICE_NAME: the stack and stage), and
 * each dimension has a fixed, small set of values, as each series is billed as a custom metric.
 *
 * Recording is a counter increment; nothing is written until the request ends: `forLogLine()` gives
 * the first Chime operation and outcome for the request's own log line to carry, and `flush()` writes
 * one EMF line per other Chime operation and outcome, and one per other series that moved. A request
 * that made one Chime call writes no line of its own. Each line is a write to the log, a good part of
 * what the API adds to a request (`npm run bench:api-overhead`), so a line carries every series it can;
 * any JSON log line with the `_aws` member is an EMF line to CloudWatch. Powertools itself is created
 * when first needed.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ApiErrorCode } from "../chime/errors";

/** How a call to AWS ended: refused means the caller's fault (4xx), failed means ours or AWS's. */
export const OUTCOMES = ["ok", "refused", "throttled", "failed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A failed call's outcome, from the API's error code (src/chime/errors.ts, src/credentials/errors.ts). */
export function outcomeOf(code: ApiErrorCode): Outcome {
  if (code === "THROTTLED") return "throttled";
  if (code === "UPSTREAM_UNAVAILABLE" || code === "INTERNAL_SERVER_ERROR") return "failed";
  return "refused";
}

/** Why a token was refused, as a metric dimension (a handful of values; the log has the detail). */
export type AuthFailureReason = "missing" | "invalid" | "expired" | "forbidden" | "unavailable";

/** Powertools' Metrics, telling whether it is off (`POWERTOOLS_METRICS_DISABLED`, or `POWERTOOLS_DEV`). */
export class PowertoolsMetrics extends Metrics {
  get off(): boolean {
    return this.isDisabled();
  }
}

export interface ApiMetricsOptions {
  namespace: string;
  serviceName: string;
  /** Powertools' Metrics, for tests; by default one is made when first needed. */
  createMetrics?: () => PowertoolsMetrics;
}

/** Counts per key, one slot per outcome: recording allocates nothing once a key has been seen. */
class OutcomeCounts {
  private readonly counts = new Map<string, number[]>();

  add(key: string, outcome: Outcome): void {
    let slots = this.counts.get(key);
    if (slots === undefined) {
      slots = OUTCOMES.map(() => 0);
      this.counts.set(key, slots);
    }
    slots[OUTCOMES.indexOf(outcome)] += 1;
  }

  /** The non-zero counts, then all back to zero. */
  *drain(): Generator<[key: string, outcome: Outcome, count: number]> {
    for (const [key, slots] of this.counts) {
      for (let i = 0; i < slots.length; i++) {
        if (slots[i] === 0) continue;
        const count = slots[i];
        slots[i] = 0;
        yield [key, OUTCOMES[i], count];
      }
    }
  }
}

class Counts {
  private readonly counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  *drain(): Generator<[key: string, count: number]> {
    for (const [key, count] of this.counts) {
      if (count === 0) continue;
      this.counts.set(key, 0);
      yield [key, count];
    }
  }
}

export class ApiMetrics {
  private readonly chime = new OutcomeCounts();
  private readonly sts = new OutcomeCounts();
  private readonly rateLimited = new Counts();
  private readonly authFailures = new Counts();
  private metrics: PowertoolsMetrics | undefined;

  constructor(private readonly options: ApiMetricsOptions) {}

  chimeCall(operation: string, outcome: Outcome): void {
    this.chime.add(operation, outcome);
  }

  stsCall(outcome: Outcome): void {
    this.sts.add("AssumeRole", outcome);
  }

  /** A request refused by the per-user limit of this class. */
  rateLimit(limitClass: string): void {
    this.rateLimited.add(limitClass);
  }

  authFailure(reason: AuthFailureReason): void {
    this.authFailures.add(reason);
  }

  /**
   * The EMF members (`_aws`, dimensions, count) of one Chime operation and outcome counted since the
   * last flush, taken out of what `flush()` writes, for a log line to carry; undefined if there is
   * none, or if metrics are off. Without `service`: the line must have its own, with this service's
   * name (Powertools Logger's lines do, and drop a second one).
   */
  forLogLine(): Record<string, unknown> | undefined {
    const metrics = this.powertools();
    if (metrics.off) return undefined;
    const first = this.chime.drain().next();
    if (first.done) return undefined;
    const [operation, outcome, count] = first.value;
    const line: Record<string, unknown> = this.chimeCalls(metrics, operation, outcome, count, () =>
      metrics.serializeMetrics(),
    );
    delete line.service;
    return line;
  }

  /** Writes what was counted since the last flush; then starts again at zero. */
  flush(): void {
    const metrics = this.powertools();
    for (const [operation, outcome, count] of this.chime.drain()) {
      this.chimeCalls(metrics, operation, outcome, count, () => metrics.publishStoredMetrics());
    }
    for (const [, outcome, count] of this.sts.drain()) {
      metrics.addDimensions({ outcome });
      publish(metrics, "StsCalls", count);
    }
    for (const [limit, count] of this.rateLimited.drain()) {
      metrics.addDimensions({ limit });
      publish(metrics, "RateLimited", count, true);
    }
    for (const [reason, count] of this.authFailures.drain()) {
      metrics.addDimensions({ reason });
      publish(metrics, "AuthFailures", count, true);
    }
  }

  /**
   * One line holds both of ChimeCalls' series for an operation and outcome: per operation and outcome
   * (the dashboard's drill-down) and per outcome (what the alarms watch; CloudWatch adds it up over
   * the lines). Two dimension sets that share `outcome` make Powertools warn at every flush unless the
   * shared key is a default dimension, so `outcome` is one for the line's time.
   */
  private chimeCalls<T>(metrics: Metrics, operation: string, outcome: Outcome, count: number, write: () => T): T {
    metrics.setDefaultDimensions({ outcome });
    metrics.addDimensions({ operation });
    metrics.addDimensions({});
    metrics.addMetric("ChimeCalls", MetricUnit.Count, count);
    try {
      return write();
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
      metrics.clearDefaultDimensions();
      metrics.setDefaultDimensions({ service: this.options.serviceName });
    }
  }

  private powertools(): PowertoolsMetrics {
    this.metrics ??=
      this.options.createMetrics?.() ??
      new PowertoolsMetrics({ namespace: this.options.namespace, serviceName: this.options.serviceName });
    return this.metrics;
  }
}

/**
 * One EMF line. `withTotal`: the series also without the added dimension (only `service`), which the
 * dashboard graphs; ChimeCalls and StsCalls have their `outcome` series for that.
 */
function publish(metrics: Metrics, name: string, count: number, withTotal = false): void {
  if (withTotal) metrics.addDimensions({});
  metrics.addMetric(name, MetricUnit.Count, count);
  metrics.publishStoredMetrics();
}
