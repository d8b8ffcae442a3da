import {
  ForbiddenException,
  GetChannelMessageCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["owner", "alice", "bob"]);
});
afterAll(() => t.close());

test("redaction keeps the message, flags it and drops content and metadata", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.alice,
      Content: "oops",
      Metadata: "m",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  const result = await t.messaging.send(
    new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.alice, MessageId }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result).toMatchObject({ ChannelArn: channel, MessageId });
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
  );
  expect(ChannelMessage).toMatchObject({ MessageId, Redacted: true, Sender: { Arn: app.users.alice } });
  expect(ChannelMessage?.Content).toBeUndefined();
  expect(ChannelMessage?.Metadata).toBeUndefined();
});

test("members redact only their own messages; moderators redact any", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.alice, "hi");
  await expect(
    t.messaging.send(new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.bob, MessageId })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.messaging.send(new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId })),
  ).resolves.toBeDefined();
});
