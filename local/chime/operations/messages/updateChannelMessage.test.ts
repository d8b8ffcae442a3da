import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GetChannelMessageCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
  UpdateChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import {
  createApp,
  makeAdmin,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let now = new Date("2026-05-01T12:00:00Z");
let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint({ clock: { now: () => now } });
  app = await createApp(t.identity, ["owner", "alice", "admin"]);
  await makeAdmin(t.identity, app, "admin");
});
afterAll(() => t.close());

test("the sender edits content; metadata is kept; the edit time is recorded", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      Content: "helo",
      Metadata: "m",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  now = new Date("2026-05-01T12:01:00Z");
  const result = await t.messaging.send(
    new UpdateChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId, Content: "hello" }),
  );
  expect(result).toMatchObject({ ChannelArn: channel, MessageId, Status: { Value: "SENT" } });
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
  );
  expect(ChannelMessage).toMatchObject({
    Content: "hello",
    Metadata: "m",
    LastEditedTimestamp: now,
    LastUpdatedTimestamp: now,
  });
  expect(ChannelMessage?.CreatedTimestamp).toEqual(new Date("2026-05-01T12:00:00Z"));
});

test("nobody else edits a message, not even an admin; redacted messages cannot be edited", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "admin"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.alice, "mine");
  const edit = (bearer: string, content = "changed") =>
    t.messaging.send(
      new UpdateChannelMessageCommand({
        ChannelArn: channel,
        ChimeBearer: app.users[bearer],
        MessageId,
        Content: content,
      }),
    );
  await expect(edit("admin")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(edit("owner")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(edit("alice", "x".repeat(4097))).rejects.toBeInstanceOf(BadRequestException);
  await t.messaging.send(
    new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.alice, MessageId }),
  );
  await expect(edit("alice")).rejects.toBeInstanceOf(ConflictException);
});
