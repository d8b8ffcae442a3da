import { substitute, tokenize } from "./variables";

const context: Record<string, string | string[]> = {
  "aws:username": "alice",
  "aws:PrincipalTag/team": "ops",
  "aws:TagKeys": ["a", "b"],
};
const lookup = (key: string) => Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];

test.each([
  ["${aws:username}", "alice"],
  ["${AWS:UserName}", "alice"],
  ["user/${aws:username}/*", "user/alice/*"],
  ["${aws:PrincipalTag/team, 'company-wide'}", "ops"],
  ["${aws:PrincipalTag/dept, 'company-wide'}", "company-wide"],
  ["${aws:PrincipalTag/dept,'x'}", "x"],
  ["${*}${?}${$}", "*?$"],
  ["no variables: a:b", "no variables: a:b"],
  ["${aws:PrincipalTag/dept}", undefined],
  // Multi-valued keys cannot be variables.
  ["${aws:TagKeys}", undefined],
  ["${aws:TagKeys, 'd'}", "d"],
  // An unterminated variable is text.
  ["${aws:username", "${aws:username"],
])("substitute(%s) = %s", (value, expected) => {
  expect(substitute(value, lookup)).toBe(expected);
});

test("without a lookup (2008-10-17) `${...}` is text", () => {
  expect(substitute("${aws:username}", undefined)).toBe("${aws:username}");
});

test("substituted values are text tokens, wildcards of the policy are not", () => {
  expect(tokenize("a*${aws:username}?", lookup)).toEqual([
    { kind: "text", text: "a" },
    { kind: "any" },
    { kind: "text", text: "alice" },
    { kind: "one" },
  ]);
  expect(tokenize("${*}", lookup)).toEqual([{ kind: "text", text: "*" }]);
});

test("variablesFromColon leaves earlier variables as text", () => {
  expect(tokenize("x:${aws:username}", lookup, 1)).toEqual([
    { kind: "text", text: "x" },
    { kind: "colon" },
    { kind: "text", text: "alice" },
  ]);
  expect(substitute("${aws:username}", lookup)).toBe("alice");
  expect(tokenize("${aws:username}", lookup, 1)?.[0]).toEqual({ kind: "text", text: "${aws" });
});
