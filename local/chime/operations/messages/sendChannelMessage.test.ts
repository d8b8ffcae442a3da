import {
  BadRequestException,
  CreateChannelCommand,
  ForbiddenException,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
  UnauthorizedClientException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let channelArn: string;

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob"]);
beforeAll(async () => {
  ({ ChannelArn: channelArn } = (await t.messaging.send(
    new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "general", ChimeBearer: app.users.alice }),
  )) as { ChannelArn: string });
});

const send = (bearer: string, content: string, extra: Partial<SendChannelMessageCommand["input"]> = {}) =>
  t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: bearer,
      Content: content,
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      ...extra,
    }),
  );

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
  await expect(send(app.users.alice, "x".repeat(4096))).resolves.toBeDefined();
});

test("CONTROL messages take at most 30 bytes and no metadata", async () => {
  await expect(send(app.users.alice, "a".repeat(30), { Type: "CONTROL" })).resolves.toBeDefined();
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
