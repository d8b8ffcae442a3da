/**
 * Faults on demand over real HTTP, as the official clients meet them: the control route and its guard,
 * each fault kind in each protocol (Chime JSON, STS XML, the messaging WebSocket), "after" faults that
 * lose an answer once the work is done, and the SDK's retries (with its own ClientRequestToken) making
 * those idempotent.
 */
import {
  ChimeSDKMessagingClient,
  DescribeChannelCommand,
  ListChannelMessagesCommand,
  ListChannelsCommand,
  SendChannelMessageCommand,
  ServiceFailureException,
  ServiceUnavailableException,
  ThrottledClientException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { createChannel, sendMessage } from "../../test/support/channels";
import { clearFaults, dropSessions, faultsInForce, setFaults } from "../../test/support/faultControl";
import { startTestEndpoint, useTestApp, useTestEndpoint } from "../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../test/support/messagingSession";
import { signedRequest } from "../../test/support/signedHttp";
import { stsClient } from "../../test/support/sts";
import { CLOSE_TRY_AGAIN_LATER } from "../websocket/messagingSessions";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob"]);
let channelArn: string;
const target = () => ({ port: t.endpoint.port, developerKey: t.credentials.developer });
beforeAll(async () => {
  await t.usePoliciesFor(app.appInstanceArn);
  channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
});
afterEach(() => clearFaults(target()));

/** A messaging client with the SDK's default retries (3 attempts), unlike the tests' single-attempt ones. */
function retryingClient(): ChimeSDKMessagingClient {
  return new ChimeSDKMessagingClient({
    endpoint: t.endpoint.url,
    region: "us-east-1",
    credentials: t.credentials.developer,
  });
}
const listChannels = (client = t.messaging) =>
  client.send(new ListChannelsCommand({ AppInstanceArn: app.appInstanceArn, ChimeBearer: app.users.alice }));
/** ListChannels answered as with no fault: 200, alice's channel listed. */
const expectChannelsListed = async () =>
  expect(await listChannels()).toMatchObject({
    $metadata: { httpStatusCode: 200 },
    Channels: [{ ChannelArn: channelArn }],
  });
const contents = async () =>
  (
    await t.messaging.send(
      new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice, MaxResults: 50 }),
    )
  ).ChannelMessages?.map((m) => m.Content) ?? [];

describe("the control route", () => {
  const plan = { rules: [{ operations: ["ListChannels"], fault: "throttle", count: 1 }] };
  const put = (extra: Partial<Parameters<typeof signedRequest>[0]>) =>
    signedRequest({
      port: t.endpoint.port,
      method: "PUT",
      path: "/_local/faults",
      body: JSON.stringify(plan),
      credentials: t.credentials.developer,
      ...extra,
    });

  test("is refused unsigned, to any key but the developer's, and to anything a web page sends", async () => {
    const unsigned = await put({ unsigned: true });
    expect([unsigned.status, unsigned.headers["x-amzn-errortype"]]).toEqual([
      403,
      "MissingAuthenticationTokenException",
    ]);
    const server = await put({ credentials: t.credentials.server });
    expect([server.status, server.headers["x-amzn-errortype"]]).toEqual([403, "AccessDeniedException"]);
    expect(server.body).toContain("sign with the developer key");
    const page = await put({ headers: { origin: "https://evil.example" } });
    expect([page.status, page.headers["x-amzn-errortype"]]).toEqual([403, "AccessDeniedException"]);
    expect((await faultsInForce(target())).rules).toEqual([]);
    await expectChannelsListed();
  });

  test("sets, shows and clears the plan; a plan that does not parse is a 400 naming the problem", async () => {
    expect((await put({})).status).toBe(200);
    expect(await faultsInForce(target())).toEqual({ seed: 1, rules: [{ ...plan.rules[0], when: "before", hits: 0 }] });
    await expect(listChannels()).rejects.toBeInstanceOf(ThrottledClientException);
    expect((await faultsInForce(target())).rules[0]).toMatchObject({ count: 0, hits: 1 });
    const bad = await put({ body: JSON.stringify({ rules: [{ operations: "*", fault: "throttle" }] }) });
    expect([bad.status, bad.headers["x-amzn-errortype"]]).toEqual([400, "BadRequestException"]);
    expect(bad.body).toContain("either rate (a share of calls) or count");
    await clearFaults(target());
    expect((await faultsInForce(target())).rules).toEqual([]);
  });
});

describe("Chime (restJson1)", () => {
  test.each([
    ["throttle", ThrottledClientException, 429],
    ["unavailable", ServiceUnavailableException, 503],
    ["failure", ServiceFailureException, 500],
  ] as const)("%s is the model's exception with its status, for the next call only", async (fault, type, status) => {
    await setFaults(target(), { rules: [{ operations: ["ListChannels"], fault, count: 1 }] });
    const refused = listChannels();
    await expect(refused).rejects.toBeInstanceOf(type);
    await expect(refused).rejects.toMatchObject({ $metadata: { httpStatusCode: status } });
    await expectChannelsListed();
  });

  test("the SDK retries throttling and 5xx itself: two faults, then success on the third attempt", async () => {
    await setFaults(target(), {
      rules: [
        { operations: ["ListChannels"], fault: "throttle", count: 1 },
        { operations: ["ListChannels"], fault: "unavailable", count: 1 },
      ],
    });
    const client = retryingClient();
    try {
      const result = await listChannels(client);
      expect(result.$metadata.attempts).toBe(3);
    } finally {
      client.destroy();
    }
  });

  test("an answer lost after the send: one message, because the SDK's retry carries the same ClientRequestToken", async () => {
    await setFaults(target(), {
      rules: [{ operations: ["SendChannelMessage"], fault: "unavailable", count: 1, when: "after" }],
    });
    const client = retryingClient();
    try {
      const sent = await client.send(
        new SendChannelMessageCommand({
          ChannelArn: channelArn,
          ChimeBearer: app.users.bob,
          Content: "sent once",
          Type: "STANDARD",
          Persistence: "PERSISTENT",
        }),
      );
      expect(sent.$metadata.attempts).toBe(2);
      expect((await contents()).filter((c) => c === "sent once")).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });

  test("without a retry, a lost answer is a 503 for a message that was stored", async () => {
    await setFaults(target(), {
      rules: [{ operations: ["SendChannelMessage"], fault: "failure", count: 1, when: "after" }],
    });
    await expect(sendMessage(t.messaging, channelArn, app.users.bob, "stored, answer lost")).rejects.toBeInstanceOf(
      ServiceFailureException,
    );
    expect(await contents()).toContain("stored, answer lost");
  });

  test("drop closes the connection without an answer; the next call is answered", async () => {
    await setFaults(target(), { rules: [{ operations: ["DescribeChannel"], fault: "drop", count: 1 }] });
    const describe = () =>
      t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }));
    const dropped = await describe().catch(
      (error: { $metadata?: { httpStatusCode?: number }; message: string }) => error,
    );
    expect(dropped).toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET/) as string });
    expect(dropped.$metadata?.httpStatusCode).toBeUndefined();
    await expect(describe()).resolves.toMatchObject({ Channel: { ChannelArn: channelArn } });
  });

  test("delay holds the answer: a call started after a delayed one is answered before it", async () => {
    await setFaults(target(), { rules: [{ operations: ["DescribeChannel"], fault: "delay", count: 1, delayMs: 400 }] });
    const order: string[] = [];
    await Promise.all([
      t.messaging
        .send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }))
        .then(() => order.push("delayed")),
      listChannels().then(() => order.push("prompt")),
    ]);
    expect(order).toEqual(["prompt", "delayed"]);
  });
});

test("STS (awsQuery) answers its own codes in XML: Throttling (400), ServiceUnavailable (503)", async () => {
  const sts = stsClient(t, t.credentials.server);
  const assume = () =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: t.endpoint.account.userRoleArn,
        RoleSessionName: "faulty",
        Tags: [{ Key: "my_applications_user_id", Value: "alice" }],
      }),
    );
  try {
    await setFaults(target(), {
      rules: [
        { operations: ["AssumeRole"], fault: "throttle", count: 1 },
        { operations: ["AssumeRole"], fault: "unavailable", count: 1 },
      ],
    });
    await expect(assume()).rejects.toMatchObject({ name: "Throttling", $metadata: { httpStatusCode: 400 } });
    await expect(assume()).rejects.toMatchObject({ name: "ServiceUnavailable", $metadata: { httpStatusCode: 503 } });
    await expect(assume()).resolves.toMatchObject({
      Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) as string },
    });
  } finally {
    sts.destroy();
  }
});

describe("the messaging WebSocket", () => {
  const connect = async () =>
    TestSession.open(await presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users.alice));

  test("a Connect fault refuses the session (1013 when throttled); drop ends it before the handshake", async () => {
    await setFaults(target(), {
      rules: [
        { operations: ["Connect"], fault: "throttle", count: 1 },
        { operations: ["Connect"], fault: "drop", count: 1 },
      ],
    });
    expect(await (await connect()).whenClosed()).toBe(CLOSE_TRY_AGAIN_LATER);
    await expect(connect()).rejects.toThrow();
    const session = await connect();
    await session.waitFor("SESSION_ESTABLISHED");
    session.close();
  });

  test("POST /_local/sessions/drop ends a user's open sessions as a network drop (1006)", async () => {
    const session = await connect();
    await session.waitFor("SESSION_ESTABLISHED");
    expect(await dropSessions(target(), app.users.bob)).toBe(0);
    expect(await dropSessions(target(), app.users.alice)).toBe(1);
    expect(await session.whenClosed()).toBe(1006);
  });
});

test("a plan given at start applies from the first request", async () => {
  const faulty = await startTestEndpoint({
    faults: { rules: [{ operations: ["ListAppInstances"], fault: "unavailable", count: 1 }] },
  });
  try {
    const { ListAppInstancesCommand } = await import("@aws-sdk/client-chime-sdk-identity");
    await expect(faulty.identity.send(new ListAppInstancesCommand({}))).rejects.toMatchObject({
      name: "ServiceUnavailableException",
      $metadata: { httpStatusCode: 503 },
    });
    await expect(faulty.identity.send(new ListAppInstancesCommand({}))).resolves.toMatchObject({
      $metadata: { httpStatusCode: 200 },
      AppInstances: [],
    });
  } finally {
    await faulty.close();
  }
});
