/** The fault plan alone (pure): which calls meet which fault, deterministically, and how plans are checked. */
import { FaultPlanError, Faults, parseFaultPlan, type FaultPlan } from "./faults";

const hits = (faults: Faults, operation: string, calls: number) =>
  Array.from({ length: calls }, () => faults.take(operation)?.fault ?? "-");

test("a count hits exactly the next N calls of its operations, then is spent", () => {
  const faults = new Faults({ rules: [{ operations: ["SendChannelMessage"], fault: "throttle", count: 2 }] });
  expect(faults.take("ListChannelMessages")).toBeUndefined();
  expect(hits(faults, "SendChannelMessage", 4)).toEqual(["throttle", "throttle", "-", "-"]);
  expect(faults.describe().rules[0]).toMatchObject({ count: 0, hits: 2 });
});

test("rates are drawn from the plan's seed: the same seed gives the same calls, another seed others", () => {
  const plan: FaultPlan = { seed: 42, rules: [{ operations: "*", fault: "unavailable", rate: 0.3 }] };
  const first = hits(new Faults(plan), "X", 200);
  expect(hits(new Faults(plan), "X", 200)).toEqual(first);
  expect(hits(new Faults({ ...plan, seed: 43 }), "X", 200)).not.toEqual(first);
});

test("rate rules on one operation share one draw: 20% and 5% hit 20% and 5% of the calls, never both", () => {
  const faults = new Faults({
    seed: 7,
    rules: [
      { operations: ["SendChannelMessage"], fault: "throttle", rate: 0.2 },
      { operations: ["SendChannelMessage"], fault: "unavailable", rate: 0.05 },
    ],
  });
  const calls = hits(faults, "SendChannelMessage", 20_000);
  const share = (kind: string) => calls.filter((c) => c === kind).length / calls.length;
  expect(share("throttle")).toBeGreaterThan(0.19);
  expect(share("throttle")).toBeLessThan(0.21);
  expect(share("unavailable")).toBeGreaterThan(0.044);
  expect(share("unavailable")).toBeLessThan(0.056);
  expect(faults.describe().rules.map((r) => r.hits)).toEqual([
    calls.filter((c) => c === "throttle").length,
    calls.filter((c) => c === "unavailable").length,
  ]);
});

test("a count rule comes before the rates; clear() and set() start afresh", () => {
  const faults = new Faults({
    rules: [
      { operations: "*", fault: "delay", rate: 1, delayMs: 5 },
      { operations: ["AssumeRole"], fault: "drop", count: 1 },
    ],
  });
  expect(faults.take("AssumeRole")?.fault).toBe("drop");
  expect(faults.take("AssumeRole")?.fault).toBe("delay");
  faults.clear();
  expect(faults.active).toBe(false);
  expect(faults.take("AssumeRole")).toBeUndefined();
});

test.each([
  [{}, /"rules"/],
  [{ rules: [{ operations: [], fault: "throttle", count: 1 }] }, /rules\[0\]\.operations/],
  [
    { rules: [{ operations: "*", fault: "explode", count: 1 }] },
    /rules\[0\]\.fault must be one of throttle, unavailable/,
  ],
  [{ rules: [{ operations: "*", fault: "throttle" }] }, /either rate .* or count/],
  [{ rules: [{ operations: "*", fault: "throttle", rate: 0.5, count: 1 }] }, /either rate .* or count/],
  [{ rules: [{ operations: "*", fault: "throttle", rate: 1.5 }] }, /rate must be above 0 and at most 1/],
  [{ rules: [{ operations: "*", fault: "throttle", count: 0 }] }, /count must be a whole number above 0/],
  [{ rules: [{ operations: "*", fault: "delay", count: 1 }] }, /delayMs must be 0 to 60000/],
  [{ rules: [{ operations: "*", fault: "throttle", count: 1, when: "during" }] }, /when must be "before" or "after"/],
])("a plan %j is refused with a message naming what is wrong", (plan, message) => {
  expect(() => parseFaultPlan(plan)).toThrow(FaultPlanError);
  expect(() => parseFaultPlan(plan)).toThrow(message);
});

test("a plan is read from JSON as LOCAL_AWS_FAULTS gives it, with its defaults filled in", () => {
  expect(parseFaultPlan('{"rules":[{"operations":["AssumeRole"],"fault":"failure","count":3}]}')).toEqual({
    seed: 1,
    rules: [{ operations: ["AssumeRole"], fault: "failure", count: 3, when: "before" }],
  });
});
