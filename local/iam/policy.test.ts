import { MalformedPolicyError, parsePolicy } from "./policy";

test("normalizes single values to lists and condition values to strings", () => {
  const policy = parsePolicy(
    {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "chime:X", Resource: "*", Condition: { NumericLessThan: { k: 5 } } },
    },
    "identity",
  );
  expect(policy.Statement[0]).toEqual({
    Effect: "Allow",
    Action: ["chime:X"],
    Resource: ["*"],
    Condition: { NumericLessThan: { k: ["5"] } },
  });
});

test("a missing Version means 2008-10-17", () => {
  expect(parsePolicy({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "identity").Version).toBe(
    "2008-10-17",
  );
});

test.each([
  ["not JSON", "{"],
  ["no Statement", { Version: "2012-10-17" }],
  ["an unknown Version", { Version: "2020-01-01", Statement: { Effect: "Allow", Action: "*", Resource: "*" } }],
  ["a lower-case Effect", { Statement: { Effect: "allow", Action: "*", Resource: "*" } }],
  ["both Action and NotAction", { Statement: { Effect: "Allow", Action: "*", NotAction: "x:y", Resource: "*" } }],
  ["neither Resource nor NotResource", { Statement: { Effect: "Allow", Action: "*" } }],
  ["an action without a vendor", { Statement: { Effect: "Allow", Action: "SendChannelMessage", Resource: "*" } }],
  ["an action with two colons", { Statement: { Effect: "Allow", Action: "chime:a:b", Resource: "*" } }],
  ["a Principal in an identity policy", { Statement: { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" } }],
  [
    "an unknown condition operator",
    { Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringSortOf: { k: "v" } } } },
  ],
  ["an unknown element", { Statement: { Effect: "Allow", Action: "*", Resource: "*", Extra: 1 } }],
])("%s is malformed", (_, document) => {
  expect(() => parsePolicy(document, "identity")).toThrow(MalformedPolicyError);
});

test("a trust policy needs a Principal and may omit Resource", () => {
  expect(() => parsePolicy({ Statement: { Effect: "Allow", Action: "sts:AssumeRole" } }, "resource")).toThrow(
    MalformedPolicyError,
  );
  expect(
    parsePolicy(
      { Statement: { Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "sts:AssumeRole" } },
      "resource",
    ).Statement[0],
  ).toMatchObject({
    Principal: { AWS: ["arn:aws:iam::1:root"] },
  });
});
