/** STS on the local endpoint through @aws-sdk/client-sts over HTTP, and what its credentials can do. */
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  MalformedPolicyDocumentException,
  type AssumeRoleCommandInput,
} from "@aws-sdk/client-sts";
import { ListChannelMessagesCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { policyTemplate } from "../../policies";
import { createChannel } from "../../test/support/channels";
import {
  createApp,
  followClock,
  startTestEndpoint,
  useTestApp,
  useTestEndpoint,
  type TestEndpoint,
} from "../../test/support/localEndpoint";
import { signedRequest } from "../../test/support/signedHttp";
import { assumeUserRole, messagingClientWith, stsClient } from "../../test/support/sts";

let now = Date.now();
const clock = { now: () => new Date(now) };
const t = useTestEndpoint({ clock });
const app = useTestApp(t, ["alice", "bob"]);
beforeAll(async () => {
  await t.usePoliciesFor(app.appInstanceArn);
});

const assume = (input: Partial<AssumeRoleCommandInput>, as = t.credentials.server) => {
  const sts = stsClient(t, as);
  sts.middlewareStack.add(followClock(sts.config, clock), { step: "build" });
  return sts
    .send(
      new AssumeRoleCommand({
        RoleArn: t.endpoint.account.userRoleArn,
        RoleSessionName: "session",
        // The user role's trust policy requires exactly this tag (policies/user-role-trust.json).
        Tags: [{ Key: "my_applications_user_id", Value: "alice" }],
        ...input,
      }),
    )
    .finally(() => sts.destroy());
};

test("AssumeRole vends ASIA credentials with a session token and an expiry, as the SDK parses them", async () => {
  const result = await assume({ Tags: [{ Key: "my_applications_user_id", Value: "alice" }], DurationSeconds: 1800 });
  expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(result.Credentials?.SecretAccessKey).toEqual(expect.any(String));
  expect(result.Credentials?.SessionToken?.length).toBeGreaterThan(100);
  expect(result.Credentials?.Expiration?.getTime()).toBe(Math.floor((now + 1800 * 1000) / 1000) * 1000);
  expect(result.AssumedRoleUser?.Arn).toBe("arn:aws:sts::111122223333:assumed-role/chime-chat-api-user/session");
  expect(result.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:session$/);
  expect(result.PackedPolicySize).toBeGreaterThan(0);
  expect(result.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
});

test("GetCallerIdentity names the developer and the server's role session", async () => {
  const developer = stsClient(t, t.credentials.developer);
  const server = stsClient(t, t.credentials.server);
  for (const sts of [developer, server]) sts.middlewareStack.add(followClock(sts.config, clock), { step: "build" });
  await expect(developer.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
    Arn: "arn:aws:iam::111122223333:user/local-developer",
    Account: "111122223333",
    UserId: expect.stringMatching(/^AIDA/) as string,
  });
  await expect(server.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
    Arn: "arn:aws:sts::111122223333:assumed-role/chime-chat-api-server/local-server",
  });
  developer.destroy();
  server.destroy();
});

test("a principal the trust policy does not name cannot assume the user role", async () => {
  await expect(assume({}, t.credentials.developer)).rejects.toMatchObject({
    name: "AccessDenied",
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:iam::111122223333:user/local-developer is not authorized to perform: sts:AssumeRole on resource: ${t.endpoint.account.userRoleArn}`,
  });
});

test("a role nobody defined is AccessDenied, as AWS does not reveal which roles exist", async () => {
  await expect(assume({ RoleArn: "arn:aws:iam::111122223333:role/nope" })).rejects.toMatchObject({
    name: "AccessDenied",
  });
});

test.each([
  ["a session name over 64 characters", { RoleSessionName: "s".repeat(65) }, /roleSessionName/],
  ["a session name with a space", { RoleSessionName: "two words" }, /roleSessionName/],
  ["a duration under 900 s", { DurationSeconds: 899 }, /durationSeconds/],
  ["a duration over the role's maximum", { DurationSeconds: 7200 }, /MaxSessionDuration/],
  ["a reserved tag key", { Tags: [{ Key: "aws:x", Value: "v" }] }, /aws:/],
  ["a tag value with a wildcard", { Tags: [{ Key: "k", Value: "*" }] }, /'tags.1.member.value'/],
  [
    "tag keys differing only in case",
    {
      Tags: [
        { Key: "k", Value: "1" },
        { Key: "K", Value: "2" },
      ],
    },
    /case insensitive/,
  ],
])("%s is a ValidationError", async (_, input, message) => {
  await expect(assume(input)).rejects.toMatchObject({
    name: "ValidationError",
    $metadata: { httpStatusCode: 400 },
    message: expect.stringMatching(message) as string,
  });
});

test("a malformed session policy is MalformedPolicyDocumentException", async () => {
  await expect(assume({ Policy: '{"Statement": {"Effect": "Allow"}}' })).rejects.toBeInstanceOf(
    MalformedPolicyDocumentException,
  );
});

test("expired session credentials are refused by Chime and by STS", async () => {
  const credentials = await assumeUserRole(t, "alice", { DurationSeconds: 900 });
  const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
  const chime = messagingClientWith(t, credentials);
  chime.middlewareStack.add(followClock(chime.config, clock), { step: "build" });
  const list = () =>
    chime.send(new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }));
  await expect(list()).resolves.toMatchObject({ ChannelArn: channelArn, ChannelMessages: [] });
  now += 901 * 1000;
  try {
    await expect(list()).rejects.toMatchObject({ name: "ExpiredTokenException", $metadata: { httpStatusCode: 403 } });
    const sts = stsClient(t, credentials);
    sts.middlewareStack.add(followClock(sts.config, clock), { step: "build" });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
    sts.destroy();
  } finally {
    now = Date.now();
    chime.destroy();
  }
});

describe("signatures over HTTP", () => {
  const channelPath = () => `/channels/${encodeURIComponent(`${app.appInstanceArn}/channel/x`)}/messages`;
  const get = (extra: Partial<Parameters<typeof signedRequest>[0]>) =>
    signedRequest({
      port: t.endpoint.port,
      method: "GET",
      path: channelPath(),
      credentials: t.credentials.developer,
      ...extra,
    });

  test("a wrong secret is InvalidSignatureException", async () => {
    const response = await get({ credentials: { ...t.credentials.developer, secretAccessKey: "wrong" } });
    expect([response.status, response.headers["x-amzn-errortype"]]).toEqual([403, "InvalidSignatureException"]);
  });

  test("a tampered signature is InvalidSignatureException", async () => {
    const response = await get({
      afterSigning: (headers) => {
        headers.authorization = headers.authorization.replace(
          /Signature=(.)/,
          (_, c: string) => `Signature=${c === "0" ? "1" : "0"}`,
        );
      },
    });
    expect([response.status, response.headers["x-amzn-errortype"]]).toEqual([403, "InvalidSignatureException"]);
  });

  test("a header changed after signing is InvalidSignatureException", async () => {
    const response = await get({
      headers: { "x-amz-chime-bearer": app.users.alice },
      afterSigning: (headers) => {
        headers["x-amz-chime-bearer"] = app.users.bob;
      },
    });
    expect([response.status, response.headers["x-amzn-errortype"]]).toEqual([403, "InvalidSignatureException"]);
  });

  test("an unknown access key is UnrecognizedClientException", async () => {
    const response = await get({ credentials: { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x" } });
    expect([response.status, response.headers["x-amzn-errortype"]]).toEqual([403, "UnrecognizedClientException"]);
  });

  test("another session's token is UnrecognizedClientException", async () => {
    const alice = await assumeUserRole(t, "alice");
    const bob = await assumeUserRole(t, "bob");
    const response = await get({ credentials: { ...alice, sessionToken: bob.sessionToken } });
    expect([response.status, response.headers["x-amzn-errortype"]]).toEqual([403, "UnrecognizedClientException"]);
  });

  test("a request signed more than 5 minutes ago is refused, one signed 4 minutes ago is not", async () => {
    const real = now;
    try {
      now = real + 6 * 60 * 1000;
      const late = await get({});
      expect([late.status, late.headers["x-amzn-errortype"]]).toEqual([403, "InvalidSignatureException"]);
      expect(JSON.parse(late.body)).toMatchObject({ Message: expect.stringMatching(/^Signature expired/) as string });
      now = real + 4 * 60 * 1000;
      const inTime = await get({});
      expect(inTime.headers["x-amzn-errortype"]).not.toBe("InvalidSignatureException");
    } finally {
      now = real;
    }
  });
});

describe("a trust policy without sts:TagSession", () => {
  let strict: TestEndpoint;
  beforeAll(async () => {
    const trust = JSON.parse(policyTemplate("user-role-trust")) as {
      Statement: { Action: string[]; Condition?: unknown }[];
    };
    trust.Statement[0].Action = ["sts:AssumeRole"];
    delete trust.Statement[0].Condition;
    strict = await startTestEndpoint({ account: { policyTemplates: { "user-role-trust": JSON.stringify(trust) } } });
    const strictApp = await createApp(strict.identity, ["alice"]);
    await strict.usePoliciesFor(strictApp.appInstanceArn);
  });
  afterAll(() => strict.close());

  test("lets the server assume the role without tags, and refuses it with tags", async () => {
    const sts = stsClient(strict, strict.credentials.server);
    const input = { RoleArn: strict.endpoint.account.userRoleArn, RoleSessionName: "strict" };
    await expect(sts.send(new AssumeRoleCommand(input))).resolves.toMatchObject({
      Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) as string },
    });
    await expect(
      sts.send(new AssumeRoleCommand({ ...input, Tags: [{ Key: "my_applications_user_id", Value: "alice" }] })),
    ).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining("is not authorized to perform: sts:TagSession") as string,
    });
    sts.destroy();
  });
});

test("sessionLifetimeCapSeconds (a test setting, not AWS's) ends sessions early; DurationSeconds is still checked", async () => {
  const capped = await startTestEndpoint({ clock, account: { sessionLifetimeCapSeconds: 60 } });
  try {
    await capped.usePoliciesFor((await createApp(capped.identity, ["alice"])).appInstanceArn);
    const credentials = await assumeUserRole(capped, "alice", { DurationSeconds: 900 });
    expect(credentials.expiration.getTime()).toBe(Math.floor((now + 60 * 1000) / 1000) * 1000);
    await expect(assumeUserRole(capped, "alice", { DurationSeconds: 899 })).rejects.toMatchObject({
      name: "ValidationError",
    });
    // Past the cap, the session is over for the endpoint too.
    const sts = stsClient(capped, credentials);
    sts.middlewareStack.add(followClock(sts.config, clock), { step: "build" });
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "111122223333" });
    now += 61 * 1000;
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
    sts.destroy();
  } finally {
    now = Date.now();
    await capped.close();
  }
});

describe("the packed size of session tags and policy (local/sts/packedPolicy.ts)", () => {
  // Many tags need a trust policy that allows them: the project's allows exactly the user tag.
  let open: TestEndpoint;
  beforeAll(async () => {
    const trust = JSON.parse(policyTemplate("user-role-trust")) as { Statement: { Condition?: unknown }[] };
    delete trust.Statement[0].Condition;
    open = await startTestEndpoint({
      clock,
      account: { policyTemplates: { "user-role-trust": JSON.stringify(trust) } },
    });
    await open.usePoliciesFor((await createApp(open.identity, ["alice"])).appInstanceArn);
  });
  afterAll(() => open.close());
  /** AssumeRole on that endpoint with only the tags and policy given. */
  const assume = (input: Partial<AssumeRoleCommandInput>) => {
    const sts = stsClient(open, open.credentials.server);
    sts.middlewareStack.add(followClock(sts.config, clock), { step: "build" });
    return sts
      .send(new AssumeRoleCommand({ RoleArn: open.endpoint.account.userRoleArn, RoleSessionName: "packed", ...input }))
      .finally(() => sts.destroy());
  };
  const tags = (count: number, value: string) =>
    Array.from({ length: count }, (_, i) => ({ Key: `T${i + 1}`, Value: value }));
  /** A policy of at most `length` characters naming random (so hardly compressible) resources. */
  const policyOf = (length: number) => {
    const resources: string[] = [];
    const text = () =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "chime:*", Resource: resources }],
      });
    for (;;) {
      resources.push(`arn:aws:chime:us-east-1:111122223333:app-instance/${crypto.randomUUID()}`);
      if (text().length > length) {
        resources.pop();
        return text();
      }
    }
  };

  test("9 tags of 250 characters are PackedPolicyTooLarge at 498%, as AWS answered them", async () => {
    await expect(assume({ Tags: tags(9, "a".repeat(250)) })).rejects.toMatchObject({
      name: "PackedPolicyTooLargeException",
      message: "Packed size of session tags consumes 498% of allotted space.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("the 50 tags STS allows do not fit when they are long, while few short ones take a small share", async () => {
    await expect(assume({ Tags: tags(50, "v".repeat(256)) })).rejects.toMatchObject({
      name: "PackedPolicyTooLargeException",
    });
    const one = await assume({ Tags: [{ Key: "my_applications_user_id", Value: crypto.randomUUID() }] });
    expect(one.PackedPolicySize).toBeGreaterThan(0);
    expect(one.PackedPolicySize).toBeLessThan(20);
  });

  test("a small session policy alone takes a few percent; one at the plaintext limit still fits", async () => {
    const small = await assume({
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
      }),
    });
    expect(small.PackedPolicySize).toBeGreaterThan(0);
    expect(small.PackedPolicySize).toBeLessThanOrEqual(10);
    const large = policyOf(2048);
    expect(large.length).toBeGreaterThan(1950);
    const result = await assume({ Policy: large });
    expect(result.PackedPolicySize).toBeGreaterThan(small.PackedPolicySize as number);
    expect(result.PackedPolicySize).toBeLessThanOrEqual(100);
  });

  test("tags and policy count together: each fits alone, both together do not", async () => {
    const policy = policyOf(2048);
    const longTags = tags(3, "t".repeat(120));
    const policyAlone = await assume({ Policy: policy });
    const tagsAlone = await assume({ Tags: longTags });
    expect((policyAlone.PackedPolicySize as number) + (tagsAlone.PackedPolicySize as number)).toBeGreaterThan(100);
    await expect(assume({ Policy: policy, Tags: longTags })).rejects.toMatchObject({
      name: "PackedPolicyTooLargeException",
      message: expect.stringMatching(
        /^Packed size of session policy and session tags consumes \d+% of allotted space\.$/,
      ) as string,
    });
  });
});
