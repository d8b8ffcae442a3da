/**
 * Chime's rate quotas, over HTTP through the SDK, on the endpoint's (injected) clock: off by default;
 * on when asked, each quota throttles with ThrottledClientException (429) once its resource has used a
 * second's worth, refills with time, and a throttled request has no effect.
 */
import {
  BatchCreateChannelMembershipCommand,
  DescribeChannelCommand,
  ListChannelMessagesCommand,
  ThrottledClientException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage, sendMessageAnswer } from "../../test/support/channels";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../test/support/messagingSession";
import { CLOSE_TRY_AGAIN_LATER } from "../websocket/messagingSessions";
import { parseRateQuotas } from "./rateQuotas";

let now = Date.parse("2030-01-01T00:00:00Z");
const clock = { now: () => new Date(now) };

async function endpointWith(rateQuotas: ReturnType<typeof parseRateQuotas>, users: string[]) {
  const t = await startTestEndpoint({ clock, config: { rateQuotas } });
  const app = await createApp(t.identity, users);
  return { t, app };
}

test("off by default: 60 sends in one second to one channel all succeed", async () => {
  const { t, app } = await endpointWith(undefined, ["alice"]);
  try {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    for (let i = 0; i < 60; i++) await sendMessage(t.messaging, channelArn, app.users.alice, `m${i}`);
  } finally {
    await t.close();
  }
});

describe("on, at AWS's values", () => {
  let t: TestEndpoint;
  let app: AppFixture;
  const users = ["u0", "u1", "u2", "u3", "u4"];
  beforeAll(async () => {
    ({ t, app } = await endpointWith(parseRateQuotas("on"), users));
  });
  afterAll(() => t.close());

  test("30 message writes a second per channel; the 31st is throttled and stores nothing; a second later it passes", async () => {
    const channelArn = await createChannel(t.messaging, app, { owner: "u0", members: ["u1", "u2", "u3", "u4"] });
    now += 1000;
    // Five senders, six each: under the 10 a second each bearer may make.
    for (let i = 0; i < 30; i++) await sendMessage(t.messaging, channelArn, app.users[users[i % 5]], `m${i}`);
    const throttled = sendMessage(t.messaging, channelArn, app.users.u0, "one too many");
    await expect(throttled).rejects.toBeInstanceOf(ThrottledClientException);
    await expect(throttled).rejects.toMatchObject({
      $metadata: { httpStatusCode: 429 },
      message: expect.stringContaining("30 requests a second") as string,
    });
    now += 1000;
    const list = await t.messaging.send(
      new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.u1, MaxResults: 50 }),
    );
    expect(list.ChannelMessages?.map((m) => m.Content)).not.toContain("one too many");
    expect(list.ChannelMessages).toHaveLength(30);
    await expect(sendMessageAnswer(t.messaging, channelArn, app.users.u0, "a second later")).resolves.toMatchObject({
      ChannelArn: channelArn,
      Status: { Value: "SENT" },
    });
  });

  test("10 requests a second per bearer, across operations and channels", async () => {
    const first = await createChannel(t.messaging, app, { owner: "u1" });
    const second = await createChannel(t.messaging, app, { owner: "u1" });
    now += 1000;
    const describe = (channelArn: string) =>
      t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.u1 }));
    for (let i = 0; i < 5; i++) await describe(first);
    for (let i = 0; i < 5; i++) await describe(second);
    await expect(describe(first)).rejects.toMatchObject({
      name: "ThrottledClientException",
      message: expect.stringContaining("per ChimeBearer") as string,
    });
    // Another bearer is not held back by u1's requests.
    await expect(
      t.messaging.send(new DescribeChannelCommand({ ChannelArn: first, ChimeBearer: app.users.u2 })),
    ).resolves.toMatchObject({ Channel: { ChannelArn: first } });
    // Half a second refills half the bucket.
    now += 500;
    for (let i = 0; i < 5; i++) await describe(first);
    await expect(describe(first)).rejects.toBeInstanceOf(ThrottledClientException);
  });

  test("one batch a second per channel", async () => {
    const channelArn = await createChannel(t.messaging, app, { owner: "u2" });
    now += 1000;
    const batch = (id: string) =>
      t.messaging.send(
        new BatchCreateChannelMembershipCommand({
          ChannelArn: channelArn,
          ChimeBearer: app.users.u2,
          MemberArns: [app.users[id]],
        }),
      );
    await batch("u3");
    await expect(batch("u4")).rejects.toBeInstanceOf(ThrottledClientException);
    now += 1000;
    await expect(batch("u4")).resolves.toMatchObject({
      BatchChannelMemberships: { ChannelArn: channelArn, Members: [{ Arn: app.users.u4 }] },
    });
  });

  test("one WebSocket connect a second per user: the second is closed with 1013", async () => {
    now += 1000;
    const url = () => presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users.u3, clock.now());
    const first = await TestSession.open(await url());
    await first.waitFor("SESSION_ESTABLISHED");
    first.close();
    await first.whenClosed();
    const second = await TestSession.open(await url());
    expect(await second.whenClosed()).toBe(CLOSE_TRY_AGAIN_LATER);
  });
});

test("values can be overridden (which turns the rate quotas on)", async () => {
  const { t, app } = await endpointWith(parseRateQuotas('{"messageWritesPerChannel": 2}'), ["alice"]);
  try {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    now += 1000;
    await sendMessage(t.messaging, channelArn, app.users.alice, "one");
    await sendMessage(t.messaging, channelArn, app.users.alice, "two");
    await expect(sendMessage(t.messaging, channelArn, app.users.alice, "three")).rejects.toMatchObject({
      message: expect.stringContaining("2 requests a second") as string,
    });
  } finally {
    await t.close();
  }
});

test("LOCAL_AWS_RATE_QUOTAS: off, on, or overrides; anything else is refused naming the quotas", () => {
  expect(parseRateQuotas(undefined)).toBeUndefined();
  expect(parseRateQuotas("off")).toBeUndefined();
  expect(parseRateQuotas("on")).toEqual({});
  expect(parseRateQuotas('{"requestsPerBearer": 100}')).toEqual({ overrides: { requestsPerBearer: 100 } });
  expect(() => parseRateQuotas('{"sendsPerSecond": 1}')).toThrow(
    /Unknown rate quota sendsPerSecond; the rate quotas are .*requestsPerBearer/,
  );
  expect(() => parseRateQuotas('{"requestsPerBearer": 0}')).toThrow(/above 0/);
});
