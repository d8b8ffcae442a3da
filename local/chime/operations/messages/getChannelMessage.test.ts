import {
  ForbiddenException,
  GetChannelMessageCommand,
  NotFoundException,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

const now = new Date("2026-05-01T12:00:00.250Z");
let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint({ clock: { now: () => now } });
  app = await createApp(t.identity, ["owner", "alice", "outsider"]);
});
afterAll(() => t.close());

test("returns the whole message", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      Content: "hello",
      Metadata: '{"k":"v"}',
      ContentType: "text/plain",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      MessageAttributes: { topic: { StringValues: ["news"] } },
    }),
  );
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
  );
  expect(ChannelMessage).toEqual({
    ChannelArn: channel,
    MessageId,
    Content: "hello",
    Metadata: '{"k":"v"}',
    ContentType: "text/plain",
    Type: "STANDARD",
    Persistence: "PERSISTENT",
    Redacted: false,
    Sender: { Arn: app.users.owner, Name: "owner" },
    Status: { Value: "SENT" },
    MessageAttributes: { topic: { StringValues: ["news"] } },
    CreatedTimestamp: now,
    LastUpdatedTimestamp: now,
  });
});

test("an unknown message is NotFound; a private channel's message is Forbidden to outsiders", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE" });
  await expect(
    t.messaging.send(
      new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId: "nope" }),
    ),
  ).rejects.toBeInstanceOf(NotFoundException);
  await expect(
    t.messaging.send(
      new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.outsider, MessageId: "nope" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
