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
  ["a JSON array", []],
  ["an empty Statement list", { Statement: [] }],
  ["a null Version", { Version: null, Statement: { Effect: "Allow", Action: "*", Resource: "*" } }],
  ["a missing Effect", { Statement: { Action: "*", Resource: "*" } }],
  ["neither Action nor NotAction", { Statement: { Effect: "Allow", Resource: "*" } }],
  ["both Resource and NotResource", { Statement: { Effect: "Allow", Action: "*", Resource: "*", NotResource: "x" } }],
  ["an empty Action list", { Statement: { Effect: "Allow", Action: [], Resource: "*" } }],
  ["a non-string action", { Statement: { Effect: "Allow", Action: [1], Resource: "*" } }],
  ["an empty action name", { Statement: { Effect: "Allow", Action: "chime:", Resource: "*" } }],
  [
    "a NotPrincipal in an identity policy",
    { Statement: { Effect: "Deny", NotPrincipal: "*", Action: "*", Resource: "*" } },
  ],
  [
    "a Null operator with IfExists",
    { Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: { NullIfExists: { k: "true" } } } },
  ],
  [
    "an unknown set prefix",
    {
      Statement: {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { "ForSomeValues:StringEquals": { k: "v" } },
      },
    },
  ],
  [
    "an object as condition value",
    { Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEquals: { k: { v: 1 } } } } },
  ],
  [
    "duplicate Sids",
    {
      Statement: [
        { Sid: "a", Effect: "Allow", Action: "*", Resource: "*" },
        { Sid: "a", Effect: "Deny", Action: "*", Resource: "*" },
      ],
    },
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

test.each([
  ["StringEquals"],
  ["StringNotEqualsIgnoreCase"],
  ["ArnNotLike"],
  ["StringLikeIfExists"],
  ["ForAnyValue:StringLike"],
  ["ForAllValues:ArnEqualsIfExists"],
  ["DateGreaterThanEqualsIfExists"],
  ["NumericNotEquals"],
  ["Null"],
  ["Bool"],
])("the operator %s is accepted", (operator) => {
  expect(() =>
    parsePolicy(
      { Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: { [operator]: { k: "1" } } } },
      "identity",
    ),
  ).not.toThrow();
});

test.each([["chime:*"], ["chime:List*"], ["*"], ["sts:AssumeRole"]])("the action %s is accepted", (action) => {
  expect(() =>
    parsePolicy({ Statement: { Effect: "Allow", Action: action, Resource: "*" } }, "identity"),
  ).not.toThrow();
});

test("JSON text is parsed; errors say what is wrong", () => {
  expect(
    parsePolicy(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"chime:Get*","NotResource":"*"}]}',
      "identity",
    ),
  ).toEqual({
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", NotAction: ["chime:Get*"], NotResource: ["*"] }],
  });
  expect(() => parsePolicy("{", "identity")).toThrow("not valid JSON");
  expect(() => parsePolicy({ Statement: { Effect: "Allow", Action: "Send", Resource: "*" } }, "identity")).toThrow(
    "prefaced by a vendor",
  );
  expect(() =>
    parsePolicy({ Statement: { Effect: "Allow", Action: "*", Resource: "*", Principal: "*" } }, "identity"),
  ).toThrow("cannot name a Principal");
});
