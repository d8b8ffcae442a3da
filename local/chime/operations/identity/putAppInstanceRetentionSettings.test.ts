/**
 * PutAppInstanceRetentionSettings, and retention on the endpoint's clock (DG "Managing message
 * retention"): messages older than RetentionDays are gone for users at once, come back if retention is
 * extended or turned off within the 30-day grace period, and are deleted for good after it. Retention
 * removes old messages only: the channel, its members and newer messages stay.
 */
import {
  ForbiddenException,
  PutAppInstanceRetentionSettingsCommand,
  type AppInstanceRetentionSettings,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  DescribeChannelCommand,
  GetChannelMessageCommand,
  ListChannelMembershipsCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, messageIdsInOrder, sendMessage } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

const DAY = 24 * 60 * 60 * 1000;
let now = Date.parse("2024-07-01T00:00:00Z");
let t: TestEndpoint;
let app: AppFixture;

beforeEach(async () => {
  t = await startTestEndpoint({ clock: { now: () => new Date(now) } });
  app = await createApp(t.identity, ["alice", "bob"]);
});
afterEach(() => t.close());

const put = (settings: AppInstanceRetentionSettings, appInstanceArn = app.appInstanceArn) =>
  t.identity.send(
    new PutAppInstanceRetentionSettingsCommand({
      AppInstanceArn: appInstanceArn,
      AppInstanceRetentionSettings: settings,
    }),
  );
const getMessage = (channelArn: string, messageId: string) =>
  t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channelArn, MessageId: messageId, ChimeBearer: app.users.bob }),
  );

/** A channel with a message of day 0 and one of day 10; the clock left at day 10. */
async function history() {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  const old = await sendMessage(t.messaging, channelArn, app.users.alice, "day 0");
  now += 10 * DAY;
  const recent = await sendMessage(t.messaging, channelArn, app.users.alice, "day 10");
  return { channelArn, old, recent };
}

test("answers the settings with InitiateDeletionTimestamp, the end of the 30-day grace period", async () => {
  const result = await put({ ChannelRetentionSettings: { RetentionDays: 60 } });
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.AppInstanceRetentionSettings).toEqual({ ChannelRetentionSettings: { RetentionDays: 60 } });
  expect(result.InitiateDeletionTimestamp).toEqual(new Date(now + 30 * DAY));
});

test("messages past the period are gone at once; newer ones, the channel and its members stay", async () => {
  const { channelArn, old, recent } = await history();
  await put({ ChannelRetentionSettings: { RetentionDays: 5 } });
  expect(await messageIdsInOrder(t.messaging, channelArn, app.users.bob)).toEqual([recent]);
  await expect(getMessage(channelArn, old)).rejects.toBeInstanceOf(NotFoundException);
  await expect(getMessage(channelArn, recent)).resolves.toMatchObject({
    ChannelMessage: { MessageId: recent, Content: "day 10" },
  });
  await expect(
    t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.bob })),
  ).resolves.toMatchObject({ Channel: { ChannelArn: channelArn } });
  const { ChannelMemberships } = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.bob }),
  );
  expect(ChannelMemberships).toHaveLength(2);
  // A message ages out once it is older than the period.
  now += 5 * DAY;
  expect(await messageIdsInOrder(t.messaging, channelArn, app.users.bob)).toEqual([recent]);
  now += 1;
  expect(await messageIdsInOrder(t.messaging, channelArn, app.users.bob)).toEqual([]);
});

test("within the grace period, turning retention off brings the messages back", async () => {
  const { channelArn, old, recent } = await history();
  await put({ ChannelRetentionSettings: { RetentionDays: 5 } });
  now += 29 * DAY;
  await put({ ChannelRetentionSettings: {} });
  expect(await messageIdsInOrder(t.messaging, channelArn, app.users.bob)).toEqual([old, recent]);
});

test("after the grace period they are deleted for good: turning retention off does not bring them back", async () => {
  const { channelArn, recent } = await history();
  await put({ ChannelRetentionSettings: { RetentionDays: 5 } });
  now += 30 * DAY;
  const later = await sendMessage(t.messaging, channelArn, app.users.alice, "day 40");
  await put({ ChannelRetentionSettings: {} });
  expect(await messageIdsInOrder(t.messaging, channelArn, app.users.bob)).toEqual([later]);
  await expect(getMessage(channelArn, recent)).rejects.toBeInstanceOf(NotFoundException);
});

test("an app instance that does not exist is forbidden", async () => {
  await expect(
    put({ ChannelRetentionSettings: { RetentionDays: 1 } }, `${app.appInstanceArn.slice(0, -4)}0000`),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
