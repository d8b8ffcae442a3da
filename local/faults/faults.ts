/**
 * Faults on demand: a plan of rules that make chosen operations fail the way AWS fails (throttled,
 * unavailable, failed), slow down, or lose their connection, at a rate or for the next N calls. The
 * endpoint applies it to every signed request (local/endpoint/faultInjection.ts) and to WebSocket
 * connects (operation "Connect"); it is set at start (LOCAL_AWS_FAULTS) or through the guarded
 * control route (local/endpoint/control.ts). Nothing here knows HTTP.
 *
 * Deterministic where tests need it: a count hits exactly the next N matching calls; rates are drawn
 * from a generator seeded by the plan (one draw per matching call), so the same sequence of calls meets
 * the same faults on every run. The rate rules that match a call share that one draw, in order: rules
 * of 20% and 5% on the same operation hit 20% and 5% of its calls, never both.
 */
export const FAULT_KINDS = ["throttle", "unavailable", "failure", "delay", "drop"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  /** Operation names as the models spell them (SendChannelMessage, AssumeRole, Connect), or "*". */
  operations: string[] | "*";
  /**
   * throttle: 429 ThrottledClientException (STS: 400 Throttling); unavailable: 503
   * ServiceUnavailableException; failure: 500 ServiceFailureException (STS: InternalFailure); delay:
   * the answer comes delayMs later; drop: the connection is closed without an answer.
   */
  fault: FaultKind;
  /** The share of matching calls hit, above 0 and at most 1 ... */
  rate?: number;
  /** ... or the next `count` matching calls (then the rule is spent). */
  count?: number;
  /**
   * before (default): the operation does not run. after: it runs, its writes are kept, and then its
   * answer is the fault: an answer lost after the work was done, as a client sees a timeout.
   */
  when?: "before" | "after";
  /** For delay: milliseconds, at most 60,000. */
  delayMs?: number;
}

export interface FaultPlan {
  rules: FaultRule[];
  /** Seeds the rates' draws (default 1). */
  seed?: number;
}

export interface RuleState extends FaultRule {
  /** Calls this rule has hit so far. */
  hits: number;
}

export class FaultPlanError extends Error {}

/** Checks a plan as JSON gives it; the message names what is wrong. */
export function parseFaultPlan(value: unknown): FaultPlan {
  const plan = (typeof value === "string" ? JSON.parse(value) : value) as Partial<FaultPlan> | null;
  if (typeof plan !== "object" || plan === null || !Array.isArray(plan.rules)) {
    throw new FaultPlanError('A fault plan is a JSON object with "rules": [...] (and an optional "seed").');
  }
  if (plan.seed !== undefined && !Number.isSafeInteger(plan.seed)) throw new FaultPlanError("seed must be an integer.");
  const rules = plan.rules.map((rule: Partial<FaultRule>, i) => {
    const where = `rules[${i}]`;
    const operations = rule.operations;
    if (
      operations !== "*" &&
      !(Array.isArray(operations) && operations.length > 0 && operations.every((o) => typeof o === "string" && o))
    ) {
      throw new FaultPlanError(`${where}.operations must be "*" or a list of operation names.`);
    }
    if (!FAULT_KINDS.includes(rule.fault as FaultKind)) {
      throw new FaultPlanError(`${where}.fault must be one of ${FAULT_KINDS.join(", ")}.`);
    }
    if ((rule.rate === undefined) === (rule.count === undefined)) {
      throw new FaultPlanError(`${where} needs either rate (a share of calls) or count (the next N calls).`);
    }
    if (rule.rate !== undefined && !(typeof rule.rate === "number" && rule.rate > 0 && rule.rate <= 1)) {
      throw new FaultPlanError(`${where}.rate must be above 0 and at most 1.`);
    }
    if (rule.count !== undefined && !(Number.isSafeInteger(rule.count) && rule.count > 0)) {
      throw new FaultPlanError(`${where}.count must be a whole number above 0.`);
    }
    if (rule.when !== undefined && rule.when !== "before" && rule.when !== "after") {
      throw new FaultPlanError(`${where}.when must be "before" or "after".`);
    }
    if (
      rule.fault === "delay" &&
      !(Number.isSafeInteger(rule.delayMs) && (rule.delayMs as number) >= 0 && (rule.delayMs as number) <= 60_000)
    ) {
      throw new FaultPlanError(`${where}.delayMs must be 0 to 60000 for a delay.`);
    }
    return {
      operations,
      fault: rule.fault,
      ...(rule.rate !== undefined ? { rate: rule.rate } : { count: rule.count }),
      when: rule.when ?? "before",
      ...(rule.fault === "delay" ? { delayMs: rule.delayMs } : {}),
    } as FaultRule;
  });
  return { rules, seed: plan.seed ?? 1 };
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private rules: RuleState[] = [];
  private seed = 1;
  private random = seededRandom(1);

  constructor(plan?: FaultPlan) {
    if (plan) this.set(plan);
  }

  /** Replaces the plan (its counts and draws start afresh). */
  set(plan: FaultPlan): void {
    const checked = parseFaultPlan(plan);
    this.rules = checked.rules.map((rule) => ({ ...rule, hits: 0 }));
    this.seed = checked.seed ?? 1;
    this.random = seededRandom(this.seed);
  }

  clear(): void {
    this.set({ rules: [] });
  }

  /** The plan in force, with each rule's hits so far (a count rule's `count` is what remains). */
  describe(): { seed: number; rules: RuleState[] } {
    return { seed: this.seed, rules: this.rules.map((rule) => ({ ...rule })) };
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /** The fault one call of `operation` meets, if any; counts it. */
  take(operation: string): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    const matching = this.rules.filter((rule) => rule.operations === "*" || rule.operations.includes(operation));
    const counted = matching.find((rule) => rule.count !== undefined && rule.count > 0);
    if (counted) {
      counted.count = (counted.count as number) - 1;
      counted.hits++;
      return counted;
    }
    const rated = matching.filter((rule) => rule.rate !== undefined);
    if (rated.length === 0) return undefined;
    const draw = this.random();
    let threshold = 0;
    for (const rule of rated) {
      threshold += rule.rate as number;
      if (draw < threshold) {
        rule.hits++;
        return rule;
      }
    }
    return undefined;
  }
}
