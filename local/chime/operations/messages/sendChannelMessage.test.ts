import {
  BadRequestException,
  ForbiddenException,
  GetChannelMessageCommand,
  ListChannelMessagesCommand,
  UnauthorizedClientException,
  type SendChannelMessageRequest,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs, sendMessageAnswer } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let channelArn: string;

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob"]);
beforeAll(async () => {
  channelArn = await createChannelAs(t.messaging, app, "alice", { Name: "general" });
});

const send = (bearer: string, content: string, extra: Partial<SendChannelMessageRequest> = {}) =>
  sendMessageAnswer(t.messaging, channelArn, bearer, content, extra);

/** The message as its sender reads it back. */
const stored = async (MessageId: string | undefined) =>
  (
    await t.messaging.send(
      new GetChannelMessageCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice, MessageId }),
    )
  ).ChannelMessage;

test("a member's message is stored and returned with status 201", async () => {
  const result = await send(app.users.alice, "hello world");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.ChannelArn).toBe(channelArn);
  expect(result.MessageId).toMatch(/^[-_a-zA-Z0-9]{1,128}$/);
  expect(result.Status?.Value).toBe("SENT");
  const list = await t.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
  );
  expect(list.ChannelMessages?.map((m) => m.MessageId)).toContain(result.MessageId);
});

test("a non-member cannot send", async () => {
  await expect(send(app.users.bob, "let me in")).rejects.toBeInstanceOf(ForbiddenException);
});

test("an unknown bearer is unauthorized", async () => {
  await expect(send(`${app.appInstanceArn}/user/nobody`, "hi")).rejects.toBeInstanceOf(UnauthorizedClientException);
});

test("content over 4096 characters is a bad request", async () => {
  await expect(send(app.users.alice, "x".repeat(4097))).rejects.toBeInstanceOf(BadRequestException);
  const { MessageId } = await send(app.users.alice, "x".repeat(4096));
  expect((await stored(MessageId))?.Content).toBe("x".repeat(4096));
});

test("CONTROL messages take at most 30 bytes and no metadata", async () => {
  const control = await send(app.users.alice, "a".repeat(30), { Type: "CONTROL" });
  expect(await stored(control.MessageId)).toMatchObject({ Type: "CONTROL", Content: "a".repeat(30) });
  await expect(send(app.users.alice, "a".repeat(31), { Type: "CONTROL" })).rejects.toBeInstanceOf(BadRequestException);
  // 11 three-byte characters are 33 bytes though only 11 characters.
  await expect(send(app.users.alice, "€".repeat(11), { Type: "CONTROL" })).rejects.toBeInstanceOf(BadRequestException);
  await expect(send(app.users.alice, "typing", { Type: "CONTROL", Metadata: "m" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
});

test("a repeated ClientRequestToken returns the first message and stores it once", async () => {
  const first = await send(app.users.alice, "once", { ClientRequestToken: "retry-token-1" });
  const second = await send(app.users.alice, "once", { ClientRequestToken: "retry-token-1" });
  expect(second.MessageId).toBe(first.MessageId);
  const list = await t.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice, MaxResults: 50 }),
  );
  expect(list.ChannelMessages?.filter((m) => m.Content === "once")).toHaveLength(1);
});

test("NON_PERSISTENT messages get an id but are not stored", async () => {
  const result = await send(app.users.alice, "ephemeral", { Persistence: "NON_PERSISTENT" });
  expect(result.MessageId).toBeDefined();
  const list = await t.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
  );
  expect(list.ChannelMessages?.some((m) => m.Content === "ephemeral")).toBe(false);
});
