/**
 * PutChannelExpirationSettings, and channels expiring on the endpoint's clock: a channel is gone, with
 * its messages and memberships, from the first request at its expiration (CreateChannel's settings or
 * these), counted from its creation or its last message as the criterion says.
 */
import {
  CreateChannelCommand,
  DescribeChannelCommand,
  ForbiddenException,
  ListChannelMembershipsForAppInstanceUserCommand,
  ListChannelMessagesCommand,
  ListChannelsCommand,
  PutChannelExpirationSettingsCommand,
  UnauthorizedClientException,
  type ExpirationSettings,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../../../test/support/messagingSession";

const DAY = 24 * 60 * 60 * 1000;
let now = Date.parse("2024-05-01T00:00:00Z");

const t = useTestEndpoint({ clock: { now: () => new Date(now) } });
const app = useTestApp(t, ["alice", "bob", "carol", "dave"], { admins: ["carol"] });

async function channel(id: string, extra: Partial<CreateChannelCommand["input"]> = {}): Promise<string> {
  return createChannelAs(t.messaging, app, "alice", {
    Name: id,
    ChannelId: id,
    MemberArns: [app.users.bob],
    ...extra,
  });
}

const put = (channelArn: string, bearer: string | undefined, settings?: ExpirationSettings) =>
  t.messaging.send(
    new PutChannelExpirationSettingsCommand({
      ChannelArn: channelArn,
      ChimeBearer: bearer,
      ExpirationSettings: settings,
    }),
  );
const describe = (channelArn: string) =>
  t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }));
const publicChannels = async () =>
  (
    await t.messaging.send(new ListChannelsCommand({ AppInstanceArn: app.appInstanceArn, ChimeBearer: app.users.dave }))
  ).Channels?.map((c) => c.ChannelArn);
const bobsChannels = async () =>
  (
    await t.messaging.send(new ListChannelMembershipsForAppInstanceUserCommand({ ChimeBearer: app.users.bob }))
  ).ChannelMemberships?.map((m) => m.ChannelSummary?.ChannelArn);

test("sets the settings (200, echoed), which DescribeChannel shows; without settings it clears them", async () => {
  const arn = await channel("settable");
  const settings: ExpirationSettings = { ExpirationDays: 3, ExpirationCriterion: "LAST_MESSAGE_TIMESTAMP" };
  const result = await put(arn, app.users.alice, settings);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result).toMatchObject({ ChannelArn: arn, ExpirationSettings: settings });
  expect((await describe(arn)).Channel?.ExpirationSettings).toEqual(settings);
  const cleared = await put(arn, app.users.alice);
  expect(cleared.ExpirationSettings).toBeUndefined();
  expect((await describe(arn)).Channel?.ExpirationSettings).toBeUndefined();
  now += 4 * DAY;
  expect((await describe(arn)).Channel?.ChannelArn).toBe(arn);
});

test("moderators and admins set them; a member may not, and the bearer is required", async () => {
  const arn = await channel("guarded");
  const settings: ExpirationSettings = { ExpirationDays: 30, ExpirationCriterion: "CREATED_TIMESTAMP" };
  await expect(put(arn, app.users.carol, settings)).resolves.toMatchObject({
    ChannelArn: arn,
    ExpirationSettings: settings,
  });
  expect((await describe(arn)).Channel?.ExpirationSettings).toEqual(settings);
  await expect(put(arn, app.users.bob, settings)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(put(arn, undefined, settings)).rejects.toBeInstanceOf(UnauthorizedClientException);
});

test("a channel expires ExpirationDays after its creation: gone from the first request at that moment, with its messages", async () => {
  const created = now;
  const arn = await channel("ephemeral", {
    ExpirationSettings: { ExpirationDays: 2, ExpirationCriterion: "CREATED_TIMESTAMP" },
  });
  await sendMessage(t.messaging, arn, app.users.bob, "soon gone");
  now = created + 2 * DAY - 1;
  expect((await describe(arn)).Channel?.ChannelArn).toBe(arn);
  expect(await publicChannels()).toContain(arn);

  now = created + 2 * DAY;
  await expect(describe(arn)).rejects.toBeInstanceOf(ForbiddenException);
  expect(await publicChannels()).not.toContain(arn);
  expect(await bobsChannels()).not.toContain(arn);
  // Its messages went with it: a new channel of the same id starts empty.
  const again = await channel("ephemeral");
  expect(again).toBe(arn);
  const { ChannelMessages } = await t.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: arn, ChimeBearer: app.users.bob }),
  );
  expect(ChannelMessages).toEqual([]);
});

test("LAST_MESSAGE_TIMESTAMP counts from the last message, so that a live channel stays", async () => {
  const created = now;
  const arn = await channel("lively", {
    ExpirationSettings: { ExpirationDays: 1, ExpirationCriterion: "LAST_MESSAGE_TIMESTAMP" },
  });
  now = created + 20 * 60 * 60 * 1000;
  await sendMessage(t.messaging, arn, app.users.bob, "still here");
  now = created + DAY + 1;
  expect((await describe(arn)).Channel?.ChannelArn).toBe(arn);
  now = created + 20 * 60 * 60 * 1000 + DAY;
  await expect(describe(arn)).rejects.toBeInstanceOf(ForbiddenException);
});

test("settings put later are honoured: a shorter period expires the channel sooner", async () => {
  const created = now;
  const arn = await channel("shortened", {
    ExpirationSettings: { ExpirationDays: 30, ExpirationCriterion: "CREATED_TIMESTAMP" },
  });
  await put(arn, app.users.alice, { ExpirationDays: 1, ExpirationCriterion: "CREATED_TIMESTAMP" });
  now = created + DAY;
  expect(await publicChannels()).not.toContain(arn);
});

test("members with an open session hear DELETE_CHANNEL when it expires", async () => {
  const created = now;
  const arn = await channel("announced", {
    ExpirationSettings: { ExpirationDays: 1, ExpirationCriterion: "CREATED_TIMESTAMP" },
  });
  const url = await presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users.bob, new Date(now));
  const session = await TestSession.open(url);
  try {
    await session.waitFor("SESSION_ESTABLISHED");
    now = created + DAY;
    await publicChannels(); // any request sweeps what is due
    const [event] = await session.waitFor("DELETE_CHANNEL");
    expect(event.payload).toMatchObject({ ChannelArn: arn, Name: "announced" });
  } finally {
    session.close();
  }
});
