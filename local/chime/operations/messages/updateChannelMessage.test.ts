import {
  BadRequestException,
  ConflictException,
  DeleteChannelMembershipCommand,
  ForbiddenException,
  GetChannelMessageCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
  UpdateChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { ManualClock, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const clock = new ManualClock();
const t = useTestEndpoint({ clock });
const app = useTestApp(t, ["owner", "alice", "admin"], { admins: ["admin"] });

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
  const now = clock.setAfterStart(60_000);
  const result = await t.messaging.send(
    new UpdateChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId, Content: "hello" }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
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
  expect(ChannelMessage?.CreatedTimestamp).toEqual(clock.start);
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

test("Metadata and ContentType given replace the old ones; left out they are kept", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      Content: "a",
      Metadata: "old",
      ContentType: "text/plain",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  const target = { ChannelArn: channel, ChimeBearer: app.users.owner, MessageId };
  await t.messaging.send(
    new UpdateChannelMessageCommand({ ...target, Content: "b", Metadata: "new", ContentType: "text/markdown" }),
  );
  await t.messaging.send(new UpdateChannelMessageCommand({ ...target, Content: "c" }));
  const { ChannelMessage } = await t.messaging.send(new GetChannelMessageCommand(target));
  expect(ChannelMessage).toMatchObject({ Content: "c", Metadata: "new", ContentType: "text/markdown" });
  await expect(
    t.messaging.send(new UpdateChannelMessageCommand({ ...target, Content: "d", ContentType: "x".repeat(46) })),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    t.messaging.send(new UpdateChannelMessageCommand({ ...target, Content: "d", Metadata: "m".repeat(1025) })),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(t.messaging.send(new UpdateChannelMessageCommand({ ...target, Content: "" }))).rejects.toBeInstanceOf(
    BadRequestException,
  );
});

test("a CONTROL message keeps the CONTROL limits when edited", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      Content: "typing",
      Type: "CONTROL",
      Persistence: "PERSISTENT",
    }),
  );
  const edit = (Content: string, Metadata?: string) =>
    t.messaging.send(
      new UpdateChannelMessageCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        MessageId,
        Content,
        Metadata,
      }),
    );
  await expect(edit("a".repeat(31))).rejects.toBeInstanceOf(BadRequestException);
  await expect(edit("idle", "m")).rejects.toBeInstanceOf(BadRequestException);
  await expect(edit("a".repeat(30))).resolves.toMatchObject({ ChannelArn: channel, MessageId });
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
  );
  expect(ChannelMessage).toMatchObject({ Type: "CONTROL", Content: "a".repeat(30) });
});

test("a sender who left the channel can no longer edit; an unknown message is Forbidden", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.alice, "before leaving");
  const edit = (id: string) =>
    t.messaging.send(
      new UpdateChannelMessageCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.alice,
        MessageId: id,
        Content: "x",
      }),
    );
  await expect(edit("nope")).rejects.toBeInstanceOf(ForbiddenException);
  await t.messaging.send(
    new DeleteChannelMembershipCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.alice,
      MemberArn: app.users.alice,
    }),
  );
  await expect(edit(MessageId)).rejects.toBeInstanceOf(ForbiddenException);
});
