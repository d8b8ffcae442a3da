/**
 * Per-user token buckets that hold across Lambda containers: the state is in DynamoDB, one item per
 * user and operation class, and each take is one conditional UpdateItem that refills and takes at
 * once, atomically. Knows nothing of GraphQL.
 *
 * The bucket is kept as its "theoretical arrival time" (`tat`, epoch ms; the generic cell rate
 * algorithm, which is a token bucket): with one token every `T` ms and room for `burst` tokens, a
 * take of `n` is allowed when `max(tat, now) + n*T <= now + burst*T`, and moves `tat` there. DynamoDB's
 * update expressions have no `max`, so a take is one of two conditional updates:
 *
 * - full (no item, or `tat <= now`: nothing owed): `tat = now + n*T`;
 * - draining (`now < tat <= now + (burst - n)*T`): `tat = tat + n*T`.
 *
 * `tat` only grows, so when the full form fails the draining one is the only other chance, and when
 * both fail the bucket is empty. Each container remembers the `tat` it last saw per bucket and sends
 * the form that fits it first, so a take is one UpdateItem unless another container changed the
 * bucket's state meanwhile (then two). Where DynamoDB returns the item with a failed condition
 * (`ReturnValuesOnConditionCheckFailure`), the second guess uses it, and `retry-after` is exact.
 * The item expires (TTL) once the bucket would be full again, which means the same as no item.
 *
 * `begin` does not wait for DynamoDB when the container's own view of the bucket (the `tat` DynamoDB
 * last returned to it, moved on by the takes it has begun since) leaves at least half the burst after
 * the take: the request is allowed at once and the UpdateItem runs beside it; the caller awaits it
 * before the request ends. Another container's takes can only make that view optimistic, and the
 * UpdateItem's answer corrects it, so each container lets at most one request through beyond the
 * limit before it waits for DynamoDB again: with N containers serving a user, at most about N
 * requests beyond the limit, at the moment the bucket runs out. An unknown or nearly empty bucket is
 * always waited for.
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import type { BucketConfig, LimitClass } from "../config";

/** The one DynamoDB call used, so tests can count it; a DynamoDBClient fits. */
export interface UpdateItemSender {
  send(command: UpdateItemCommand): Promise<UpdateItemCommandOutput>;
}

export interface Clock {
  now(): number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A take begun: the decision, and the take as DynamoDB records it. */
export interface BegunTake {
  decision: Promise<TakeResult>;
  /** True when the decision did not wait for DynamoDB: `recorded` then still runs, and may find the bucket empty. */
  early: boolean;
  /** Settles once DynamoDB has recorded the take (or refused it); rejects when DynamoDB fails. */
  recorded: Promise<TakeResult>;
}

export interface RateLimiterOptions {
  clock?: Clock;
  /** Buckets whose last `tat` is remembered; forgetting one costs at most one more UpdateItem. */
  maxHints?: number;
}

/** Seconds an item outlives its bucket's refill, so that a clock a little behind still finds it. */
const TTL_MARGIN_SECONDS = 60;

type Form = "full" | "draining";

export class RateLimiter {
  private readonly hints = new Map<string, number>();
  private readonly clock: Clock;
  private readonly maxHints: number;

  constructor(
    private readonly dynamo: UpdateItemSender,
    private readonly table: string,
    private readonly buckets: Partial<Record<LimitClass, BucketConfig>>,
    options: RateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.maxHints = options.maxHints ?? 10_000;
  }

  /** Whether `limitClass` limits anything (a class left out of the configuration does not). */
  limits(limitClass: LimitClass): boolean {
    return this.buckets[limitClass] !== undefined;
  }

  /** Takes `tokens` from the user's bucket of `limitClass`; throws only when DynamoDB fails. */
  take(userId: string, limitClass: LimitClass, tokens = 1): Promise<TakeResult> {
    const bucket = this.buckets[limitClass];
    if (!bucket) return Promise.resolve({ allowed: true });
    const key = `${userId}#${limitClass}`;
    return this.takeFrom(key, bucket, tokens, this.clock.now(), this.hints.get(key));
  }

  /**
   * Takes `tokens` like `take`, deciding at once when this container's view of the bucket leaves at
   * least half of it after the take (the class comment says what that allows). Await `recorded`
   * before the request ends: the UpdateItem is still running when the decision is early.
   */
  begin(userId: string, limitClass: LimitClass, tokens = 1): BegunTake {
    const bucket = this.buckets[limitClass];
    if (!bucket) {
      const allowed = Promise.resolve<TakeResult>({ allowed: true });
      return { decision: allowed, early: false, recorded: allowed };
    }
    const key = `${userId}#${limitClass}`;
    const interval = Math.ceil(60_000 / bucket.perMinute);
    const now = this.clock.now();
    const hint = this.hints.get(key);
    const recorded = this.takeFrom(key, bucket, tokens, now, hint);
    const left = hint === undefined ? -1 : (now + bucket.burst * interval - Math.max(hint, now)) / interval - tokens;
    if (left < bucket.burst / 2) return { decision: recorded, early: false, recorded };
    // Counted as taken at once, so that this container's next decisions see it.
    this.remember(key, Math.max(hint ?? now, now) + tokens * interval);
    return { decision: Promise.resolve({ allowed: true }), early: true, recorded };
  }

  private async takeFrom(
    key: string,
    bucket: BucketConfig,
    tokens: number,
    now: number,
    hint: number | undefined,
  ): Promise<TakeResult> {
    const interval = Math.ceil(60_000 / bucket.perMinute);
    const limit = now + (bucket.burst - tokens) * interval;
    if (limit < now) return { allowed: false, retryAfterSeconds: Math.ceil((tokens * interval) / 1000) };
    const request = { key, now, limit, cost: tokens * interval, expiresAt: expiry(now + bucket.burst * interval) };

    let form: Form = hint !== undefined && hint > now ? "draining" : "full";
    let seen: number | undefined;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const { Attributes } = await this.dynamo.send(this.update(form, request));
        this.remember(key, Number(Attributes?.tat?.N ?? now + request.cost));
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const tat = error.Item?.tat?.N;
        seen = tat === undefined ? undefined : Number(tat);
        if (seen !== undefined && seen > limit) break;
        form = seen === undefined ? other(form) : seen > now ? "draining" : "full";
      }
    }
    // Empty: the bucket has room again once `tat` is back at `limit`.
    const tat = seen ?? Math.max(hint ?? 0, limit + request.cost);
    this.remember(key, tat);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((tat - limit) / 1000)) };
  }

  private update(
    form: Form,
    request: { key: string; now: number; limit: number; cost: number; expiresAt: number },
  ): UpdateItemCommand {
    const common: Omit<UpdateItemCommandInput, "UpdateExpression" | "ConditionExpression"> = {
      TableName: this.table,
      Key: { pk: { S: request.key } },
      ExpressionAttributeNames: { "#tat": "tat", "#expiresAt": "expiresAt" },
      ReturnValues: "UPDATED_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    };
    const number = (value: number) => ({ N: String(value) });
    if (form === "full") {
      return new UpdateItemCommand({
        ...common,
        UpdateExpression: "SET #tat = :tat, #expiresAt = :expiresAt",
        ConditionExpression: "attribute_not_exists(#tat) OR #tat <= :now",
        ExpressionAttributeValues: {
          ":tat": number(request.now + request.cost),
          ":expiresAt": number(request.expiresAt),
          ":now": number(request.now),
        },
      });
    }
    return new UpdateItemCommand({
      ...common,
      UpdateExpression: "SET #tat = #tat + :cost, #expiresAt = :expiresAt",
      ConditionExpression: "#tat > :now AND #tat <= :limit",
      ExpressionAttributeValues: {
        ":cost": number(request.cost),
        ":expiresAt": number(request.expiresAt),
        ":now": number(request.now),
        ":limit": number(request.limit),
      },
    });
  }

  /** `tat` only grows, so the latest view is the largest (answers of concurrent takes come in any order). */
  private remember(key: string, tat: number): void {
    const known = this.hints.get(key);
    this.hints.delete(key);
    this.hints.set(key, known === undefined ? tat : Math.max(known, tat));
    if (this.hints.size > this.maxHints) {
      const oldest = this.hints.keys().next().value;
      if (oldest !== undefined) this.hints.delete(oldest);
    }
  }
}

function other(form: Form): Form {
  return form === "full" ? "draining" : "full";
}

/** The TTL attribute (epoch seconds): when the bucket is full again at the latest, plus a margin. */
function expiry(fullAtMs: number): number {
  return Math.ceil(fullAtMs / 1000) + TTL_MARGIN_SECONDS;
}
