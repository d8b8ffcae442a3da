/**
 * The `credentials` mutation over HTTP: the real handler, cognito-local tokens, the real STS of the
 * local endpoint (AssumeRole with the session tag, IAM with `${aws:PrincipalTag/...}`), and the official
 * SDK clients using the vended keys. The pure units (cache, session names, error mapping) are in
 * credentialVendor.test.ts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DescribeAppInstanceUserCommand } from "@aws-sdk/client-chime-sdk-identity";
import type { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { REFRESH_BEFORE_EXPIRY_MS } from "../../src/credentials/vendor";
import { createChannel, dataOf, errorOf, signIn } from "../support/apiOperations";
import { sendMessage } from "../support/channels";
import { startApiStack, type ApiServer, type ApiStack, type ApiUser } from "../support/apiStack";
import { testRegion } from "../support/localEndpoint";
import { CREDENTIALS, expectNoStsInternals, type Credentials } from "../support/credentials";
import { captureLogs } from "../support/logs";
import { presignConnectUrl, TestSession } from "../support/messagingSession";
import { messagingClientWith, stsClient } from "../support/sts";

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
const clients: ChimeSDKMessagingClient[] = [];

beforeAll(async () => {
  stack = await startApiStack();
  [alice, bob] = await Promise.all([stack.user("alice"), stack.user("bob")]);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await stack?.close();
});

async function credentialsOf(user: ApiUser, api: ApiServer = stack): Promise<Credentials> {
  return dataOf<{ credentials: Credentials }>(await api.gql(user.token, CREDENTIALS)).credentials;
}

/** The AssumeRole calls the API made, with their form parameters. */
function assumeRoleCalls() {
  return stack.proxy.calls.filter((call) => call.form?.Action === "AssumeRole");
}

/** What an SDK client's `credentials` takes (the expiration here is a string, the SDK wants a Date). */
function keysOf({ accessKeyId, secretAccessKey, sessionToken }: Credentials) {
  return { accessKeyId, secretAccessKey, sessionToken };
}

/** The caller's identity as STS sees the vended keys. */
async function callerArn(credentials: Credentials): Promise<string | undefined> {
  const sts = stsClient(stack.t, keysOf(credentials));
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } finally {
    sts.destroy();
  }
}

/** A messaging client signed with vended keys, straight to the local endpoint (not through the proxy). */
function chimeWith(credentials: Credentials): ChimeSDKMessagingClient {
  const client = messagingClientWith(stack.t, keysOf(credentials));
  clients.push(client);
  return client;
}

/** Sends a message as `bearer` with `chime`'s keys; resolves to its MessageId. */
const send = (chime: ChimeSDKMessagingClient, channelArn: string, bearer: string) =>
  sendMessage(chime, channelArn, bearer, "sent with vended credentials");

const accessDenied = {
  name: "AccessDeniedException",
  $metadata: expect.objectContaining({ httpStatusCode: 403 }) as object,
};

describe("the caller's own credentials", () => {
  let channelArn: string;
  let aliceCredentials: Credentials;

  beforeAll(async () => {
    // Bob signs in first; alice's very first request is `credentials`.
    await signIn(stack, bob);
    aliceCredentials = await credentialsOf(alice);
    channelArn = (await createChannel(stack, alice, { name: "vended", memberArns: [bob.arn] })).arn;
  });

  test("the answer is not cacheable", async () => {
    const response = await stack.gql(alice.token, CREDENTIALS);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("every field, and alice's AppInstanceUser exists after her first request", async () => {
    expect(aliceCredentials).toEqual({
      accessKeyId: expect.stringMatching(/^ASIA[A-Z0-9]{16}$/) as string,
      secretAccessKey: expect.any(String) as string,
      sessionToken: expect.any(String) as string,
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
      region: testRegion,
      appInstanceArn: stack.appInstanceArn,
      userArn: alice.arn,
      // The local endpoint answers with the host the API reached it at (the recording proxy).
      messagingSessionEndpoint: new URL(stack.proxy.url).host,
    });
    // The expiration is the STS session's (STS sends whole seconds).
    const session = stack.t.endpoint.account.credential(aliceCredentials.accessKeyId);
    expect(Math.floor((session?.expiresAt?.getTime() ?? 0) / 1000) * 1000).toBe(
      Date.parse(aliceCredentials.expiration),
    );
    const { AppInstanceUser } = await stack.t.identity.send(
      new DescribeAppInstanceUserCommand({ AppInstanceUserArn: alice.arn }),
    );
    expect(AppInstanceUser?.AppInstanceUserArn).toBe(alice.arn);
  });

  test("they send as alice into her channel, and are refused as bob (IAM, 403)", async () => {
    const chime = chimeWith(aliceCredentials);
    const MessageId = await send(chime, channelArn, alice.arn);
    expect(MessageId).toEqual(expect.any(String));
    const listed = dataOf<{ message: { sender: { arn: string } } }>(
      await stack.gql(
        alice.token,
        `{ message(channelArn: "${channelArn}", messageId: "${MessageId}") { sender { arn } } }`,
      ),
    );
    expect(listed.message.sender.arn).toBe(alice.arn);
    // Bob is a member, so only IAM (the session tag) can refuse this, not Chime's membership rules.
    await expect(send(chime, channelArn, bob.arn)).rejects.toMatchObject(accessDenied);
  });

  test("AssumeRole carried alice's sub as the session tag and a session name derived from it", async () => {
    const calls = assumeRoleCalls().filter((call) => call.form?.["Tags.member.1.Value"] === alice.sub);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/", status: 200 });
    expect(calls[0].form).toEqual({
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: stack.t.endpoint.account.userRoleArn,
      RoleSessionName: `user-${alice.sub}`,
      DurationSeconds: "3600",
      "Tags.member.1.Key": "my_applications_user_id",
      "Tags.member.1.Value": alice.sub,
    });
    // The vended keys say who they are: the assumed-role ARN names the session.
    expect(await callerArn(aliceCredentials)).toBe(
      `arn:aws:sts::${stack.t.endpoint.account.config.accountId}:assumed-role/chime-chat-api-user/user-${alice.sub}`,
    );
    expect(stack.t.endpoint.account.principal(aliceCredentials.accessKeyId)?.tags).toEqual({
      my_applications_user_id: alice.sub,
    });
  });

  test("they open alice's messaging session, and not bob's", async () => {
    // The endpoint's own port: the recording proxy in front of it does not carry WebSocket upgrades.
    const session = await TestSession.open(
      await presignConnectUrl(stack.t.endpoint.port, keysOf(aliceCredentials), alice.arn),
    );
    try {
      await session.waitFor("SESSION_ESTABLISHED");
    } finally {
      session.close();
    }
    const asBob = await TestSession.open(
      await presignConnectUrl(stack.t.endpoint.port, keysOf(aliceCredentials), bob.arn),
    );
    expect(await asBob.whenClosed()).toBe(4401); // chime:Connect refused by IAM
    expect(asBob.frames).toEqual([]);
  });

  test("bob's call never returns alice's credentials, and bob's keys cannot act as alice", async () => {
    const bobCredentials = await credentialsOf(bob);
    expect(bobCredentials.userArn).toBe(bob.arn);
    expect(bobCredentials.accessKeyId).not.toBe(aliceCredentials.accessKeyId);
    expect(bobCredentials.secretAccessKey).not.toBe(aliceCredentials.secretAccessKey);
    expect(bobCredentials.sessionToken).not.toBe(aliceCredentials.sessionToken);
    const chime = chimeWith(bobCredentials);
    await expect(send(chime, channelArn, bob.arn)).resolves.toEqual(expect.any(String));
    await expect(send(chime, channelArn, alice.arn)).rejects.toMatchObject(accessDenied);
  });
});

describe("caching", () => {
  test("a second call returns the same session, with one AssumeRole", async () => {
    const carol = await stack.user("carol");
    const before = assumeRoleCalls().length;
    const first = await credentialsOf(carol);
    const second = await credentialsOf(carol);
    expect(second).toEqual(first);
    expect(assumeRoleCalls().length - before).toBe(1);
  });

  test("concurrent first calls of one user share one AssumeRole", async () => {
    const dave = await stack.user("dave");
    await signIn(stack, dave); // provisioning is shared too, but is not what this test is about
    const before = assumeRoleCalls().length;
    const results = await Promise.all(Array.from({ length: 4 }, () => credentialsOf(dave)));
    expect(new Set(results.map((result) => result.accessKeyId)).size).toBe(1);
    expect(assumeRoleCalls().length - before).toBe(1);
  });

  test("within 5 minutes of expiry (an injected clock), a fresh AssumeRole", async () => {
    let now = new Date();
    const api = await stack.startApi({}, { clock: { now: () => now } });
    try {
      const erin = await stack.user("erin");
      const first = await credentialsOf(erin, api);
      const expiry = Date.parse(first.expiration);
      const before = assumeRoleCalls().length;

      now = new Date(expiry - REFRESH_BEFORE_EXPIRY_MS - 1000);
      expect((await credentialsOf(erin, api)).accessKeyId).toBe(first.accessKeyId);
      expect(assumeRoleCalls().length).toBe(before);

      now = new Date(expiry - REFRESH_BEFORE_EXPIRY_MS);
      const renewed = await credentialsOf(erin, api);
      expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
      expect(assumeRoleCalls().length).toBe(before + 1);
      expect(assumeRoleCalls().at(-1)?.form?.["Tags.member.1.Value"]).toBe(erin.sub);
      // The renewed keys work as erin.
      expect(await callerArn(renewed)).toMatch(new RegExp(`/user-${erin.sub}$`));
    } finally {
      await api.close();
    }
  });
});

test("the messaging-session endpoint is asked of Chime once per container", async () => {
  const api = await stack.startApi({});
  try {
    const [kim, lee] = await Promise.all([stack.user("kim"), stack.user("lee")]);
    await Promise.all([signIn(api, kim), signIn(api, lee)]);
    const asked = () => stack.proxy.calls.filter((call) => call.path === "/endpoints/messaging-session").length;
    const before = asked();
    const answers = [await credentialsOf(kim, api), await credentialsOf(lee, api), await credentialsOf(kim, api)];
    expect(asked() - before).toBe(1);
    expect(new Set(answers.map((answer) => answer.messagingSessionEndpoint))).toEqual(
      new Set([new URL(stack.proxy.url).host]),
    );
  } finally {
    await api.close();
  }
});

describe("refusals and failures", () => {
  test("no token, or a bad one: UNAUTHENTICATED (401) and no AssumeRole", async () => {
    const before = assumeRoleCalls().length;
    for (const token of [undefined, "not-a-token", `${alice.token.slice(0, -4)}AAAA`]) {
      const response = await stack.gql(token, CREDENTIALS);
      expect(response.status).toBe(401);
      expect(response.body.data ?? undefined).toBeUndefined();
      errorOf(response, "UNAUTHENTICATED");
    }
    expect(assumeRoleCalls().length).toBe(before);
  });

  test("logs name the session and the access key, never the secret or the token", async () => {
    const api = await stack.startApi({ POWERTOOLS_LOG_LEVEL: "DEBUG" });
    const frank = await stack.user("frank");
    try {
      const { result, lines } = await captureLogs(async () => [
        await credentialsOf(frank, api),
        await credentialsOf(frank, api),
      ]);
      const [vended] = result;
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries).toContainEqual(
        expect.objectContaining({
          message: "Credentials vended",
          roleSessionName: `user-${frank.sub}`,
          accessKeyId: vended.accessKeyId,
          sub: frank.sub,
        }),
      );
      const all = lines.join("\n");
      expect(vended.secretAccessKey.length).toBeGreaterThan(20);
      expect(vended.sessionToken.length).toBeGreaterThan(20);
      expect(all).not.toContain(vended.secretAccessKey);
      expect(all).not.toContain(vended.sessionToken);
    } finally {
      await api.close();
    }
  });

  test("the server role may not assume the role: INTERNAL_SERVER_ERROR, an operator log line", async () => {
    const otherRole = `arn:aws:iam::${stack.t.endpoint.account.config.accountId}:role/not-the-chat-user-role`;
    const api = await stack.startApi({ CHIME_USER_ROLE_ARN: otherRole, POWERTOOLS_LOG_LEVEL: "INFO" });
    const heidi = await stack.user("heidi");
    try {
      const { result, lines } = await captureLogs(() => api.gql(heidi.token, CREDENTIALS));
      expectNoStsInternals(result, "INTERNAL_SERVER_ERROR");
      expect(assumeRoleCalls().at(-1)).toMatchObject({ status: 403, form: { RoleArn: otherRole } });
      expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({
          message: "STS call failed",
          awsErrorName: "AccessDenied",
          operatorHint: expect.stringContaining("sts:TagSession") as string,
          userRoleArn: otherRole,
        }),
      );
      expect(lines.join("\n")).not.toContain("is not authorized");
    } finally {
      await api.close();
    }
  });

  /** An STS stand-in that answers every request with one awsQuery error, as STS words them. */
  async function failingSts(
    status: number,
    code: string,
  ): Promise<{ url: string; requests(): number; server: Server }> {
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on("end", () => {
        res.writeHead(status, { "content-type": "text/xml" });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
            `<Code>${code}</Code><Message>Rate exceeded for sts at 127.0.0.1</Message></Error>` +
            `<RequestId>11111111-2222-3333-4444-555555555555</RequestId></ErrorResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests: () => requests,
      server,
    };
  }

  /** Runs one request with STS (only STS) at `url`; the SDK reads AWS_ENDPOINT_URL_STS when a client first sends. */
  async function withStsAt<T>(url: string, run: () => Promise<T>): Promise<T> {
    process.env.AWS_ENDPOINT_URL_STS = url;
    try {
      return await run();
    } finally {
      delete process.env.AWS_ENDPOINT_URL_STS;
    }
  }

  test("STS throttling: THROTTLED, without STS's text", async () => {
    const sts = await failingSts(400, "Throttling");
    const api = await stack.startApi({});
    const ivan = await stack.user("ivan");
    try {
      await signIn(api, ivan);
      const response = await withStsAt(sts.url, () => api.gql(ivan.token, CREDENTIALS));
      expectNoStsInternals(response, "THROTTLED");
      expect(response.body.errors?.[0].message).toBe("Too many requests; retry later.");
      expect(sts.requests()).toBeGreaterThan(0);
    } finally {
      await api.close();
      await new Promise((resolve) => sts.server.close(resolve));
    }
  });

  test("STS unreachable: UPSTREAM_UNAVAILABLE, without internals", async () => {
    const api = await stack.startApi({ CHIME_CONNECTION_TIMEOUT_MS: "500" });
    const judy = await stack.user("judy");
    try {
      await signIn(api, judy);
      const response = await withStsAt("http://127.0.0.1:1", () => api.gql(judy.token, CREDENTIALS));
      expectNoStsInternals(response, "UPSTREAM_UNAVAILABLE");
      expect(response.body.errors?.[0].message).toBe("The chat service is unavailable; retry later.");
    } finally {
      await api.close();
    }
  });
});
