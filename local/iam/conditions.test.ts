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
