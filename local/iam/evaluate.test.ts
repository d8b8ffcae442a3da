import { authorize, decide, decideResourcePolicy, type RequestContextKeys } from "./evaluate";
import { parsePolicy } from "./policy";

/** `version: null` leaves Version out. */
const policy = (statement: object | object[], version: string | null = "2012-10-17") =>
  parsePolicy(version === null ? { Statement: statement } : { Version: version, Statement: statement }, "identity");

const app = "arn:aws:chime:us-east-1:111122223333:app-instance/app";
const alice = `${app}/user/alice`;
const bob = `${app}/user/bob`;
const userRole = policy({
  Effect: "Allow",
  Action: ["chime:SendChannelMessage", "chime:ListChannelMessages"],
  Resource: [`${app}/user/\${aws:PrincipalTag/my_applications_user_id}`, `${app}/channel/*`],
});
const tagged = (value?: string): RequestContextKeys => ({ "aws:PrincipalTag/my_applications_user_id": value });

describe("the session-tag confinement of the user role", () => {
  test.each([
    ["alice's own ARN with her tag", alice, tagged("alice"), "Allow"],
    ["bob's ARN with alice's tag", bob, tagged("alice"), "ImplicitDeny"],
    ["any user when the tag is absent", alice, tagged(undefined), "ImplicitDeny"],
    ["a tag value of * is a literal star, not a wildcard", bob, tagged("*"), "ImplicitDeny"],
    ["a tag key in other case still resolves", alice, { "AWS:principaltag/MY_APPLICATIONS_USER_ID": "alice" }, "Allow"],
    ["the channel part", `${app}/channel/c1`, tagged("alice"), "Allow"],
  ])("%s", (_, resource, context, expected) => {
    expect(decide([userRole], "chime:SendChannelMessage", resource, context)).toBe(expected);
  });

  test("authorize checks every resource: the bearer and the channel", () => {
    const request = {
      principalArn: "arn:aws:sts::111122223333:assumed-role/user/alice",
      identityPolicies: [userRole],
      action: "chime:SendChannelMessage",
    };
    expect(authorize({ ...request, resources: [alice, `${app}/channel/c`], context: tagged("alice") })).toEqual({
      allowed: true,
    });
    expect(authorize({ ...request, resources: [bob, `${app}/channel/c`], context: tagged("alice") })).toEqual({
      allowed: false,
      resource: bob,
      message: `User: arn:aws:sts::111122223333:assumed-role/user/alice is not authorized to perform: chime:SendChannelMessage on resource: ${bob} because no identity-based policy allows the chime:SendChannelMessage action`,
    });
  });
});

describe("actions", () => {
  test.each([
    ["chime:SendChannelMessage", "chime:SendChannelMessage", true],
    ["CHIME:sendchannelmessage", "chime:SendChannelMessage", true],
    ["chime:*", "chime:SendChannelMessage", true],
    ["chime:List*", "chime:ListChannels", true],
    ["chime:List*", "chime:SendChannelMessage", false],
    ["chime:Describe?hannel", "chime:DescribeChannel", true],
    ["*", "sts:AssumeRole", true],
    ["chime:Send.hannelMessage", "chime:SendChannelMessage", false],
  ])("%s matches %s: %s", (pattern, action, expected) => {
    expect(decide([policy({ Effect: "Allow", Action: pattern, Resource: "*" })], action, "x", {})).toBe(
      expected ? "Allow" : "ImplicitDeny",
    );
  });

  test("NotAction applies to every other action", () => {
    const p = policy({ Effect: "Allow", NotAction: "chime:Delete*", Resource: "*" });
    expect(decide([p], "chime:ListChannels", "x", {})).toBe("Allow");
    expect(decide([p], "chime:DeleteChannel", "x", {})).toBe("ImplicitDeny");
  });
});

describe("resources", () => {
  test.each([
    // The IAM guide's example: * crosses / in the resource part.
    ["arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/test/3/object.jpg", true],
    ["*", "anything at all", true],
    [`${app}/channel/*`, `${app}/channel/c1`, true],
    [`${app}/channel/*`, `${app}/user/alice`, false],
    ["arn:aws:chime:*:111122223333:app-instance/app/*", `${app}/user/alice`, true],
    // Wildcards in the first five parts do not cross a colon.
    ["arn:aws:chime:*:app-instance/app/*", `${app}/user/alice`, false],
    [`${app}/user/Alice`, alice, false],
    [`${app}/user/alic?`, alice, true],
    [`${app}/user/a.ice`, alice, false],
  ])("%s matches %s: %s", (pattern, resource, expected) => {
    expect(decide([policy({ Effect: "Allow", Action: "*", Resource: pattern })], "chime:X", resource, {})).toBe(
      expected ? "Allow" : "ImplicitDeny",
    );
  });

  test("NotResource applies to every other resource; an unresolvable NotResource entry excludes nothing", () => {
    const p = policy({ Effect: "Allow", Action: "*", NotResource: `${app}/user/\${aws:PrincipalTag/team}` });
    expect(decide([p], "chime:X", `${app}/user/ops`, { "aws:PrincipalTag/team": "ops" })).toBe("ImplicitDeny");
    expect(decide([p], "chime:X", `${app}/user/dev`, { "aws:PrincipalTag/team": "ops" })).toBe("Allow");
    expect(decide([p], "chime:X", `${app}/user/ops`, {})).toBe("Allow");
  });
});

describe("policy variables", () => {
  test("without Version (2008-10-17 rules) a variable is literal text", () => {
    const p = policy({ Effect: "Allow", Action: "*", Resource: `${app}/user/\${aws:username}` }, null);
    expect(decide([p], "chime:X", alice, { "aws:username": "alice" })).toBe("ImplicitDeny");
    expect(decide([p], "chime:X", `${app}/user/\${aws:username}`, { "aws:username": "alice" })).toBe("Allow");
  });

  test("a default value applies when the key is absent", () => {
    const p = policy({ Effect: "Allow", Action: "*", Resource: `${app}/user/\${aws:PrincipalTag/team, 'everyone'}` });
    expect(decide([p], "chime:X", `${app}/user/everyone`, {})).toBe("Allow");
    expect(decide([p], "chime:X", `${app}/user/ops`, { "aws:PrincipalTag/team": "ops" })).toBe("Allow");
  });

  test("${*}, ${?} and ${$} are literal characters", () => {
    const p = policy({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket/${*}${?}${$}" });
    expect(decide([p], "s3:GetObject", "arn:aws:s3:::bucket/*?$", {})).toBe("Allow");
    expect(decide([p], "s3:GetObject", "arn:aws:s3:::bucket/ab$", {})).toBe("ImplicitDeny");
  });

  test("one unresolvable entry leaves the others working", () => {
    const p = policy({
      Effect: "Allow",
      Action: "*",
      Resource: [`${app}/user/\${aws:PrincipalTag/x}`, `${app}/channel/*`],
    });
    expect(decide([p], "chime:X", `${app}/channel/c`, {})).toBe("Allow");
    expect(decide([p], "chime:X", alice, {})).toBe("ImplicitDeny");
  });
});

describe("deny precedence", () => {
  const allowAll = policy({ Effect: "Allow", Action: "*", Resource: "*" });
  const denyDelete = policy({ Effect: "Deny", Action: "chime:DeleteChannel", Resource: `${app}/channel/*` });

  test.each([
    [[allowAll], "chime:DeleteChannel", "Allow"],
    [[allowAll, denyDelete], "chime:DeleteChannel", "ExplicitDeny"],
    [[denyDelete, allowAll], "chime:DeleteChannel", "ExplicitDeny"],
    [[denyDelete], "chime:ListChannels", "ImplicitDeny"],
    [[], "chime:ListChannels", "ImplicitDeny"],
  ])("%#: %s gives %s", (policies, action, expected) => {
    expect(decide(policies, action, `${app}/channel/c`, {})).toBe(expected);
  });
});

describe("session policies", () => {
  const identity = [policy({ Effect: "Allow", Action: "chime:*", Resource: "*" })];
  const base = {
    principalArn: "arn:aws:sts::1:assumed-role/r/s",
    identityPolicies: identity,
    resources: [alice],
    context: {},
  };

  test("a session policy narrows, never widens", () => {
    const session = [policy({ Effect: "Allow", Action: "chime:ListChannels", Resource: "*" })];
    expect(authorize({ ...base, sessionPolicies: session, action: "chime:ListChannels" }).allowed).toBe(true);
    const denied = authorize({ ...base, sessionPolicies: session, action: "chime:DeleteChannel" });
    expect(denied).toMatchObject({
      allowed: false,
      message: expect.stringContaining("because no session policy allows") as string,
    });
    const wider = [policy({ Effect: "Allow", Action: "*", Resource: "*" })];
    expect(authorize({ ...base, identityPolicies: [], sessionPolicies: wider, action: "sts:AssumeRole" }).allowed).toBe(
      false,
    );
  });

  test("an explicit deny in the session policy denies", () => {
    const session = [
      policy([
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: "chime:Send*", Resource: "*" },
      ]),
    ];
    expect(authorize({ ...base, sessionPolicies: session, action: "chime:SendChannelMessage" })).toMatchObject({
      allowed: false,
      message: expect.stringContaining("with an explicit deny in a session policy") as string,
    });
  });
});

describe("trust policies", () => {
  const serverRole = "arn:aws:iam::111122223333:role/server";
  const trust = parsePolicy(
    {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Principal: { AWS: serverRole }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    },
    "resource",
  );
  const session = { arns: ["arn:aws:sts::111122223333:assumed-role/server/s", serverRole], accountId: "111122223333" };

  test.each([
    ["the named role's session", session, "sts:AssumeRole", "Allow"],
    ["the named role's session, tagging", session, "sts:TagSession", "Allow"],
    [
      "another principal of the same account",
      { arns: ["arn:aws:iam::111122223333:user/dev"], accountId: "111122223333" },
      "sts:AssumeRole",
      "ImplicitDeny",
    ],
    ["the named role, another action", session, "sts:SetSourceIdentity", "ImplicitDeny"],
  ])("%s: %s", (_, principal, action, expected) => {
    expect(decideResourcePolicy(trust, principal, action, "arn:aws:iam::111122223333:role/user", {})).toBe(expected);
  });

  test("an account principal trusts every principal of that account", () => {
    const accountTrust = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" },
      },
      "resource",
    );
    expect(
      decideResourcePolicy(
        accountTrust,
        { arns: ["arn:aws:iam::111122223333:user/dev"], accountId: "111122223333" },
        "sts:AssumeRole",
        "r",
        {},
      ),
    ).toBe("Allow");
    expect(
      decideResourcePolicy(
        accountTrust,
        { arns: ["arn:aws:iam::999999999999:user/x"], accountId: "999999999999" },
        "sts:AssumeRole",
        "r",
        {},
      ),
    ).toBe("ImplicitDeny");
  });
});

describe("aws:ResourceTag", () => {
  const lockedOut = policy([
    { Effect: "Allow", Action: "chime:*", Resource: "*" },
    {
      Effect: "Deny",
      Action: "chime:SendChannelMessage",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/Locked": "yes" } },
    },
  ]);
  const request = {
    principalArn: "arn:aws:iam::111122223333:role/server",
    identityPolicies: [lockedOut],
    action: "chime:SendChannelMessage",
    context: {},
  };

  test("each resource is judged by its own tags, their keys in any case", () => {
    const tags: Record<string, Record<string, string>> = { [`${app}/channel/locked`]: { locked: "yes" } };
    const resourceTags = (arn: string) => tags[arn] ?? {};
    expect(authorize({ ...request, resources: [alice, `${app}/channel/open`], resourceTags })).toEqual({
      allowed: true,
    });
    expect(authorize({ ...request, resources: [alice, `${app}/channel/locked`], resourceTags })).toMatchObject({
      allowed: false,
      resource: `${app}/channel/locked`,
    });
  });

  test("tags are read only when a condition asks for them", () => {
    const asked: string[] = [];
    const resourceTags = (arn: string) => {
      asked.push(arn);
      return {};
    };
    authorize({ ...request, action: "chime:ListChannels", resources: [alice], resourceTags });
    expect(asked).toEqual([]);
    authorize({ ...request, resources: [alice, `${app}/channel/c`], resourceTags });
    expect(asked).toEqual([alice, `${app}/channel/c`]);
  });
});
