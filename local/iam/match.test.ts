import { actionMatches, arnLike, arnParts, resourceMatches, stringLike } from "./match";

const lookup = (context: Record<string, string>) => (key: string) =>
  Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];

test.each([
  [
    "arn:aws:chime:us-east-1:1:app-instance/a/user/b",
    ["arn", "aws", "chime", "us-east-1", "1", "app-instance/a/user/b"],
  ],
  ["arn:aws:svc:r:1:x:y:z", ["arn", "aws", "svc", "r", "1", "x:y:z"]],
  ["*", ["*"]],
])("arnParts(%s)", (value, parts) => {
  expect(arnParts(value)).toEqual(parts);
});

describe("resourceMatches", () => {
  const app = "arn:aws:chime:us-east-1:111122223333:app-instance/app";
  test.each([
    // The IAM guide's example: * crosses / in the resource part.
    ["arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/test/3/object.jpg", true],
    ["arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/tests/3/object.jpg", false],
    ["*", "anything at all", true],
    ["*", "*", true],
    // * in the resource part crosses colons too.
    ["arn:aws:svc:r:1:store/*", "arn:aws:svc:r:1:store/abc:1:finance/x", true],
    // Wildcards in parts 1-5 never cross a colon; the part counts must agree.
    ["arn:aws:chime:*:app-instance/app/*", `${app}/user/alice`, false],
    ["arn:aws:*", `${app}/user/alice`, false],
    ["arn:aws:chime:us-east-?:111122223333:*", `${app}/user/alice`, true],
    ["arn:aws:chime:us-east-1?:111122223333:*", `${app}/user/alice`, false],
    ["arn:aws:chime:*:*:*", `${app}/user/alice`, true],
    ["arn:aws:chime:*:*:*", "*", false],
    ["arn:aws:chime:**:1?1*:app-instance/*", `${app}/user/alice`, true],
    // Case-sensitive, and regex metacharacters are literal.
    [`${app}/user/ALICE`, `${app}/user/alice`, false],
    ["arn:aws:s3:::b/a.c", "arn:aws:s3:::b/abc", false],
    ["arn:aws:s3:::b/(x)+[y]{1}|^$\\", "arn:aws:s3:::b/(x)+[y]{1}|^$\\", true],
    ["arn:aws:s3:::b/x+", "arn:aws:s3:::b/xx", false],
  ])("%s vs %s: %s", (pattern, resource, expected) => {
    expect(resourceMatches(pattern, resource, undefined)).toBe(expected);
  });

  const tagged = lookup({ "aws:PrincipalTag/my_applications_user_id": "alice", "aws:PrincipalTag/star": "*" });
  test.each([
    [`${app}/user/\${aws:PrincipalTag/my_applications_user_id}`, `${app}/user/alice`, true],
    [`${app}/user/\${AWS:principaltag/MY_APPLICATIONS_USER_ID}`, `${app}/user/alice`, true],
    [`${app}/user/\${aws:PrincipalTag/my_applications_user_id}`, `${app}/user/bob`, false],
    [`${app}/user/\${aws:PrincipalTag/star}`, `${app}/user/bob`, false],
    [`${app}/user/\${aws:PrincipalTag/star}`, `${app}/user/*`, true],
    [`${app}/user/\${aws:PrincipalTag/absent}`, `${app}/user/\${aws:PrincipalTag/absent}`, false],
    [`${app}/user/\${aws:PrincipalTag/absent, 'x'}`, `${app}/user/x`, true],
    // Variables count only in the resource part; before the fifth colon `${...}` is text.
    ["arn:aws:chime:${aws:PrincipalTag/my_applications_user_id}:1:x", "arn:aws:chime:alice:1:x", false],
  ])("with variables: %s vs %s: %s", (pattern, resource, expected) => {
    expect(resourceMatches(pattern, resource, tagged)).toBe(expected);
  });
});

test.each([
  ["chime:SendChannelMessage", "chime:SendChannelMessage", true],
  ["CHIME:sendchannelmessage", "chime:SendChannelMessage", true],
  ["chime:Send*", "chime:SendChannelMessage", true],
  ["chime:*Message", "chime:SendChannelMessage", true],
  ["chime:?endChannelMessage", "chime:SendChannelMessage", true],
  ["chime:?ChannelMessage", "chime:SendChannelMessage", false],
  ["chime:Send.hannelMessage", "chime:SendChannelMessage", false],
  ["*", "sts:AssumeRole", true],
  ["chime:*", "sts:AssumeRole", false],
])("actionMatches(%s, %s): %s", (pattern, action, expected) => {
  expect(actionMatches(pattern, action)).toBe(expected);
});

describe("the reference's ArnLike vs StringLike example", () => {
  const pattern = "arn:aws:svc:*:111122223333:finance/*";
  const value = "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/x";
  test("ArnLike compares part by part", () => expect(arnLike(pattern, value, undefined)).toBe(false));
  test("StringLike crosses colons", () => expect(stringLike(pattern, value, undefined)).toBe(true));
});

test.each([
  ["ab*", "abc", true],
  ["ab*", "Abc", false],
  ["a?c", "abc", true],
  ["a?c", "a:c", true],
  ["${*}", "*", true],
  ["${*}", "x", false],
  ["${?}", "x", false],
  ["${$}x", "$x", true],
  ["${aws:username}-*", "alice-1", true],
  ["${aws:username}", "*", false],
])("stringLike(%s, %s) with variables: %s", (pattern, value, expected) => {
  expect(stringLike(pattern, value, lookup({ "aws:username": "alice" }))).toBe(expected);
});

test("ArnLike with a variable before the fifth colon (conditions allow it)", () => {
  const variables = lookup({ "aws:PrincipalAccount": "111122223333" });
  expect(arnLike("arn:aws:iam::${aws:PrincipalAccount}:role/*", "arn:aws:iam::111122223333:role/r", variables)).toBe(
    true,
  );
  expect(arnLike("arn:aws:iam::${aws:PrincipalAccount}:role/*", "arn:aws:iam::999999999999:role/r", variables)).toBe(
    false,
  );
});
