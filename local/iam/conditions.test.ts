import { decide, type RequestContextKeys } from "./evaluate";
import { parsePolicy } from "./policy";

const allowIf = (condition: object) =>
  parsePolicy(
    { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: condition } },
    "identity",
  );
const check = (condition: object, context: RequestContextKeys) =>
  decide([allowIf(condition)], "chime:X", "r", context) === "Allow";

test.each([
  [
    "StringEquals is case-sensitive",
    { StringEquals: { "aws:PrincipalTag/team": "ops" } },
    { "aws:PrincipalTag/team": "Ops" },
    false,
  ],
  [
    "StringEquals, several values are alternatives",
    { StringEquals: { "aws:PrincipalTag/team": ["dev", "ops"] } },
    { "aws:PrincipalTag/team": "ops" },
    true,
  ],
  [
    "keys are case-insensitive",
    { StringEquals: { "AWS:PRINCIPALTAG/TEAM": "ops" } },
    { "aws:principaltag/team": "ops" },
    true,
  ],
  [
    "StringEqualsIgnoreCase",
    { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "OPS" } },
    { "aws:PrincipalTag/team": "ops" },
    true,
  ],
  [
    "StringNotEquals with several values: none may match",
    { StringNotEquals: { "aws:PrincipalTag/team": ["dev", "ops"] } },
    { "aws:PrincipalTag/team": "ops" },
    false,
  ],
  ["StringNotEquals on a missing key holds", { StringNotEquals: { "aws:PrincipalTag/team": "ops" } }, {}, true],
  ["StringEquals on a missing key fails", { StringEquals: { "aws:PrincipalTag/team": "ops" } }, {}, false],
  [
    "StringLike with wildcards",
    { StringLike: { "aws:userid": "AROA*:alice" } },
    { "aws:userid": "AROAXYZ:alice" },
    true,
  ],
  ["StringNotLike", { StringNotLike: { "aws:userid": "AROA*" } }, { "aws:userid": "AIDA1" }, true],
  // The reference's example: ArnLike compares part by part, StringLike does not.
  [
    "ArnLike part by part",
    { ArnLike: { "aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*" } },
    { "aws:SourceArn": "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/x" },
    false,
  ],
  [
    "StringLike across parts",
    { StringLike: { "aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*" } },
    { "aws:SourceArn": "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/x" },
    true,
  ],
  [
    "ArnEquals",
    { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::1:role/r" } },
    { "aws:PrincipalArn": "arn:aws:iam::1:role/r" },
    true,
  ],
  [
    "ArnNotLike",
    { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::1:role/*" } },
    { "aws:PrincipalArn": "arn:aws:iam::1:user/u" },
    true,
  ],
  ["Bool", { Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": "false" }, false],
  ["Bool with a JSON boolean", { Bool: { "aws:SecureTransport": false } }, { "aws:SecureTransport": "false" }, true],
  ["Null true: the key is absent", { Null: { "aws:PrincipalTag/team": "true" } }, {}, true],
  ["Null false: the key is present", { Null: { "aws:PrincipalTag/team": "false" } }, {}, false],
  [
    "NumericLessThan",
    { NumericLessThan: { "aws:MultiFactorAuthAge": 3600 } },
    { "aws:MultiFactorAuthAge": "60" },
    true,
  ],
  [
    "NumericGreaterThanEquals",
    { NumericGreaterThanEquals: { "aws:EpochTime": "100" } },
    { "aws:EpochTime": "99" },
    false,
  ],
  [
    "DateLessThan ISO",
    { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
    { "aws:CurrentTime": "2026-11-22T00:00:00Z" },
    true,
  ],
  [
    "DateGreaterThan epoch",
    { DateGreaterThan: { "aws:CurrentTime": "1893456000" } },
    { "aws:CurrentTime": "2026-11-22T00:00:00Z" },
    false,
  ],
  ["IfExists on a missing key holds", { StringEqualsIfExists: { "aws:PrincipalTag/team": "ops" } }, {}, true],
  [
    "IfExists on a present key evaluates",
    { StringEqualsIfExists: { "aws:PrincipalTag/team": "ops" } },
    { "aws:PrincipalTag/team": "dev" },
    false,
  ],
  [
    "ForAnyValue: one request value matches",
    { "ForAnyValue:StringEquals": { "aws:TagKeys": ["a", "b"] } },
    { "aws:TagKeys": ["b", "z"] },
    true,
  ],
  ["ForAnyValue on a missing key fails", { "ForAnyValue:StringEquals": { "aws:TagKeys": "a" } }, {}, false],
  [
    "ForAllValues: every request value must match",
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] } },
    { "aws:TagKeys": ["a", "z"] },
    false,
  ],
  ["ForAllValues on a missing key holds", { "ForAllValues:StringEquals": { "aws:TagKeys": "a" } }, {}, true],
  [
    "operators are ANDed",
    { StringEquals: { "aws:PrincipalTag/a": "1" }, StringLike: { "aws:PrincipalTag/b": "2*" } },
    { "aws:PrincipalTag/a": "1", "aws:PrincipalTag/b": "3" },
    false,
  ],
  [
    "a variable in a condition value",
    { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } },
    { "aws:PrincipalTag/owner": "alice", "aws:username": "alice" },
    true,
  ],
  [
    "an unresolvable variable fails a positive operator",
    { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } },
    { "aws:PrincipalTag/owner": "alice" },
    false,
  ],
  [
    "an unresolvable variable satisfies a negated operator",
    { StringNotEquals: { "aws:PrincipalTag/owner": "${aws:username}" } },
    { "aws:PrincipalTag/owner": "alice" },
    true,
  ],
  [
    "StringNotEqualsIgnoreCase",
    { StringNotEqualsIgnoreCase: { "aws:PrincipalTag/team": "OPS" } },
    { "aws:PrincipalTag/team": "ops" },
    false,
  ],
  [
    "ArnNotEquals",
    { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::1:role/r" } },
    { "aws:PrincipalArn": "arn:aws:iam::1:role/r" },
    false,
  ],
  ["ArnLike on a missing key fails", { ArnLike: { "aws:PrincipalArn": "arn:*" } }, {}, false],
  ["ArnNotLike on a missing key holds", { ArnNotLike: { "aws:PrincipalArn": "arn:*" } }, {}, true],
  ["NumericEquals", { NumericEquals: { "s3:max-keys": 10 } }, { "s3:max-keys": "10.0" }, true],
  ["NumericNotEquals", { NumericNotEquals: { "s3:max-keys": ["10", "20"] } }, { "s3:max-keys": "20" }, false],
  ["NumericLessThanEquals", { NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, true],
  ["NumericGreaterThan", { NumericGreaterThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, false],
  ["a non-number never matches", { NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "ten" }, false],
  [
    "DateEquals epoch vs ISO",
    { DateEquals: { "aws:CurrentTime": "1767225600" } },
    { "aws:CurrentTime": "2026-01-01T00:00:00Z" },
    true,
  ],
  [
    "DateNotEquals",
    { DateNotEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
    { "aws:CurrentTime": "2026-01-01T00:00:01Z" },
    true,
  ],
  [
    "DateLessThanEquals",
    { DateLessThanEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
    { "aws:CurrentTime": "2026-01-01T00:00:00Z" },
    true,
  ],
  [
    "DateGreaterThanEquals",
    { DateGreaterThanEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
    { "aws:CurrentTime": "2025-12-31T23:59:59Z" },
    false,
  ],
  ["NumericLessThanIfExists, missing key", { NumericLessThanIfExists: { "s3:max-keys": "10" } }, {}, true],
  ["StringNotLikeIfExists, missing key", { StringNotLikeIfExists: { "aws:userid": "AROA*" } }, {}, true],
  [
    "BoolIfExists, present key",
    { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } },
    { "aws:MultiFactorAuthPresent": "false" },
    false,
  ],
  [
    "ForAllValues:StringLike",
    { "ForAllValues:StringLike": { "aws:TagKeys": ["team*", "cost"] } },
    { "aws:TagKeys": ["team-a", "cost"] },
    true,
  ],
  [
    "ForAllValues on an empty list holds",
    { "ForAllValues:StringEquals": { "aws:TagKeys": "a" } },
    { "aws:TagKeys": [] },
    true,
  ],
  [
    "ForAnyValue:StringNotEquals: some value is none of them",
    { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a", "b"] } },
    { "aws:TagKeys": ["a", "z"] },
    true,
  ],
  [
    "keys under one operator are ANDed",
    { StringEquals: { "aws:PrincipalTag/a": "1", "aws:PrincipalTag/b": "2" } },
    { "aws:PrincipalTag/a": "1" },
    false,
  ],
  [
    "a variable's value is literal in StringLike: * is no wildcard",
    { StringLike: { "aws:PrincipalTag/owner": "${aws:PrincipalTag/team}" } },
    { "aws:PrincipalTag/owner": "alice", "aws:PrincipalTag/team": "*" },
    false,
  ],
  [
    "an unresolvable variable satisfies StringNotLike",
    { StringNotLike: { "aws:PrincipalTag/owner": "${aws:PrincipalTag/absent}" } },
    { "aws:PrincipalTag/owner": "alice" },
    true,
  ],
  [
    "an unresolvable variable fails ArnLike",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::1:user/${aws:username}" } },
    { "aws:PrincipalArn": "arn:aws:iam::1:user/alice" },
    false,
  ],
  [
    "a variable default in a condition",
    { StringEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/dept, 'ops'}" } },
    { "aws:PrincipalTag/team": "ops" },
    true,
  ],
  [
    "variables do not exist for Numeric operators",
    { NumericEquals: { "s3:max-keys": "${aws:PrincipalTag/n}" } },
    { "s3:max-keys": "5", "aws:PrincipalTag/n": "5" },
    false,
  ],
  ["IpAddress", { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "10.1.2.3" }, true],
  ["NotIpAddress", { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "192.168.0.1" }, true],
])("%s", (_, condition, context, expected) => {
  expect(check(condition, context)).toBe(expected);
});

test("an unmet condition on a Deny does not deny", () => {
  const policy = parsePolicy(
    {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalTag/blocked": "yes" } },
        },
      ],
    },
    "identity",
  );
  expect(decide([policy], "chime:X", "r", {})).toBe("Allow");
  expect(decide([policy], "chime:X", "r", { "aws:PrincipalTag/blocked": "yes" })).toBe("ExplicitDeny");
});

test("without Version a variable in a condition value is literal text", () => {
  const policy = parsePolicy(
    {
      Statement: {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } },
      },
    },
    "identity",
  );
  expect(decide([policy], "chime:X", "r", { "aws:PrincipalTag/owner": "alice", "aws:username": "alice" })).toBe(
    "ImplicitDeny",
  );
  expect(decide([policy], "chime:X", "r", { "aws:PrincipalTag/owner": "${aws:username}" })).toBe("Allow");
});

test("Deny with a negated IfExists operator still denies when the tag is missing", () => {
  const policy = parsePolicy(
    {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEqualsIfExists: { "aws:PrincipalTag/team": "ops" } },
        },
      ],
    },
    "identity",
  );
  expect(decide([policy], "chime:X", "r", {})).toBe("ExplicitDeny");
  expect(decide([policy], "chime:X", "r", { "aws:PrincipalTag/team": "dev" })).toBe("ExplicitDeny");
  expect(decide([policy], "chime:X", "r", { "aws:PrincipalTag/team": "ops" })).toBe("Allow");
});
