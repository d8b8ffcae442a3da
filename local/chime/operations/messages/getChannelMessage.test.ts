import {
  BadRequestException,
  ForbiddenException,
  GetChannelMessageCommand,
  NotFoundException,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

// A controllable clock near real time: the endpoint checks request signatures against it (5 min skew).
const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 250);
const t = useTestEndpoint({ clock: { now: () => now } });
const app = useTestApp(t, ["owner", "alice", "bob", "outsider"]);

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
  const result = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelMessage).toEqual({
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

test("an unknown channel is NotFound", async () => {
  await expect(
    t.messaging.send(
      new GetChannelMessageCommand({
        ChannelArn: `${app.appInstanceArn}/channel/does-not-exist`,
        ChimeBearer: app.users.owner,
        MessageId: "nope",
      }),
    ),
  ).rejects.toBeInstanceOf(NotFoundException);
});

test("outsiders read messages of PUBLIC channels", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const MessageId = await sendMessage(t.messaging, channel, app.users.owner, "for all");
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.outsider, MessageId }),
  );
  expect(ChannelMessage?.Content).toBe("for all");
});

test("a targeted message exists only for its sender and target", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.owner, "psst", {
    Target: [{ MemberArn: app.users.alice }],
  });
  const get = (bearer: string) =>
    t.messaging.send(new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users[bearer], MessageId }));
  await expect(get("owner")).resolves.toMatchObject({ ChannelMessage: { Target: [{ MemberArn: app.users.alice }] } });
  await expect(get("alice")).resolves.toMatchObject({ ChannelMessage: { Content: "psst" } });
  await expect(get("bob")).rejects.toBeInstanceOf(NotFoundException);
  await expect(get("outsider")).rejects.toBeInstanceOf(NotFoundException);
});

test("SubChannelId is a bad request (no elastic channels)", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const MessageId = await sendMessage(t.messaging, channel, app.users.owner, "hi");
  await expect(
    t.messaging.send(
      new GetChannelMessageCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        MessageId,
        SubChannelId: "s1",
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
