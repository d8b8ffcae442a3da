import {
  ForbiddenException,
  GetChannelMessageCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { ManualClock, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const clock = new ManualClock();
const t = useTestEndpoint({ clock });
const app = useTestApp(t, ["owner", "alice", "bob", "outsider", "admin"], { admins: ["admin"] });

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
  const now = clock.setAfterStart(60_000);
  const result = await t.messaging.send(
    new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.alice, MessageId }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result).toMatchObject({ ChannelArn: channel, MessageId });
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
  );
  expect(ChannelMessage).toMatchObject({
    MessageId,
    Redacted: true,
    Sender: { Arn: app.users.alice },
    CreatedTimestamp: clock.start,
    LastUpdatedTimestamp: now,
  });
  expect(ChannelMessage?.Content).toBeUndefined();
  expect(ChannelMessage?.Metadata).toBeUndefined();
});

test("members redact only their own messages; moderators and admins any", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  const redact = (bearer: string, MessageId: string) =>
    t.messaging.send(
      new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users[bearer], MessageId }),
    );
  const first = await sendMessage(t.messaging, channel, app.users.alice, "hi");
  await expect(redact("bob", first)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(redact("outsider", first)).rejects.toBeInstanceOf(ForbiddenException);
  const redacted = async (MessageId: string) =>
    (
      await t.messaging.send(
        new GetChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId }),
      )
    ).ChannelMessage?.Redacted;
  // The creator is a moderator.
  await expect(redact("owner", first)).resolves.toMatchObject({ ChannelArn: channel, MessageId: first });
  expect(await redacted(first)).toBe(true);
  const second = await sendMessage(t.messaging, channel, app.users.bob, "hey");
  // An admin needs no membership.
  await expect(redact("admin", second)).resolves.toMatchObject({ ChannelArn: channel, MessageId: second });
  expect(await redacted(second)).toBe(true);
  await expect(redact("owner", "nope")).rejects.toBeInstanceOf(ForbiddenException); // NotFound is not modeled
});
