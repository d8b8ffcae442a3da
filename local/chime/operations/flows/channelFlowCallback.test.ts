/**
 * A message's way through a channel flow, over HTTP with the SDK and real sockets, the test answering
 * as the processor: PENDING to the sender only, the processor's event as the developer guide documents
 * it, then SENT (as sent, or changed) to the members, or DENIED to the sender and stored nowhere; the
 * callback's own rules (idempotent, its message only, 48 hours).
 */
import {
  BadRequestException,
  ChannelFlowCallbackCommand,
  ForbiddenException,
  GetChannelMessageCommand,
  GetChannelMessageStatusCommand,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { associate, createFlow, RecordingInvoker, TEST_FUNCTION_ARN } from "../../../../test/support/channelFlows";
import { createChannel, sendMessageAnswer } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../../../test/support/messagingSession";
import { assumeUserRole } from "../../../../test/support/sts";

const invoker = new RecordingInvoker();
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const sessions: TestSession[] = [];
const t = useTestEndpoint({ lambda: invoker, clock });
const app = useTestApp(t, ["owner", "alice", "bob"]);
let flowArn: string;

beforeAll(async () => {
  await t.usePoliciesFor(app.appInstanceArn);
  flowArn = await createFlow(t.messaging, app);
});
afterEach(() => {
  offsetMs = 0;
  for (const session of sessions.splice(0)) session.close();
});

async function connect(user: string): Promise<TestSession> {
  const credentials = await assumeUserRole(t, user);
  const session = await TestSession.open(
    await presignConnectUrl(t.endpoint.port, credentials, app.users[user], clock.now()),
  );
  sessions.push(session);
  await session.waitFor("SESSION_ESTABLISHED");
  return session;
}

/** A channel of owner's with alice and bob, running the flow. */
async function flowChannel(): Promise<string> {
  const channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await associate(t.messaging, channelArn, flowArn, app.users.owner);
  return channelArn;
}

const send = (channelArn: string, content: string, Persistence: "PERSISTENT" | "NON_PERSISTENT" = "PERSISTENT") =>
  sendMessageAnswer(t.messaging, channelArn, app.users.alice, content, { Metadata: "m1", Persistence });

const callback = (channelArn: string, callbackId: string, input: Partial<ChannelFlowCallbackCommand["input"]>) =>
  t.messaging.send(
    new ChannelFlowCallbackCommand({
      ChannelArn: channelArn,
      CallbackId: callbackId,
      ChannelMessage: { MessageId: "set below" },
      ...input,
    }),
  );

const listedIds = async (channelArn: string, user: string) =>
  (
    await t.messaging.send(new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users[user] }))
  ).ChannelMessages?.map((m) => m.MessageId);

test("a message to a flow channel is PENDING, for its sender only, and the processor gets the documented event", async () => {
  const channelArn = await flowChannel();
  const [alice, bob] = [await connect("alice"), await connect("bob")];
  const sent = await send(channelArn, "hello flow");
  expect(sent.Status).toEqual({ Value: "PENDING" });
  const messageId = sent.MessageId as string;

  const [pending] = await alice.waitFor("PENDING_CREATE_CHANNEL_MESSAGE");
  expect(pending).toMatchObject({
    messageType: "STANDARD",
    payload: { MessageId: messageId, Content: "hello flow", Status: { Value: "PENDING" } },
  });
  const { event, functionArn } = await invoker.next(messageId);
  expect(functionArn).toBe(TEST_FUNCTION_ARN);
  expect(Object.keys(event).sort()).toEqual(["CallbackId", "ChannelMessage", "EventType"]);
  expect(event.EventType).toBe("CHANNEL_MESSAGE_EVENT");
  expect(event.CallbackId).toMatch(/^.{32,64}$/);
  expect(event.ChannelMessage).toEqual({
    MessageId: messageId,
    ChannelArn: channelArn,
    Content: "hello flow",
    Metadata: "m1",
    Sender: { Arn: app.users.alice, Name: "alice" },
    Persistence: "PERSISTENT",
    Type: "STANDARD",
    CreatedTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
  });

  // Only alice sees it while it is pending: in lists, by id, and by status.
  expect(await listedIds(channelArn, "alice")).toContain(messageId);
  expect(await listedIds(channelArn, "bob")).not.toContain(messageId);
  await expect(
    t.messaging.send(
      new GetChannelMessageCommand({ ChannelArn: channelArn, MessageId: messageId, ChimeBearer: app.users.bob }),
    ),
  ).rejects.toMatchObject({ name: "NotFoundException" });
  const status = await t.messaging.send(
    new GetChannelMessageStatusCommand({ ChannelArn: channelArn, MessageId: messageId, ChimeBearer: app.users.alice }),
  );
  expect(status.Status?.Value).toBe("PENDING");
  expect(bob.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]);
});

test("the processor's callback sends the message to the members, changed as it says", async () => {
  const channelArn = await flowChannel();
  const [alice, bob] = [await connect("alice"), await connect("bob")];
  const messageId = (await send(channelArn, "my number is 555")).MessageId as string;
  const { event } = await invoker.next(messageId);
  const answer = await callback(channelArn, event.CallbackId, {
    ChannelMessage: { MessageId: messageId, Content: "my number is ***" },
  });
  expect(answer).toMatchObject({ ChannelArn: channelArn, CallbackId: event.CallbackId });

  for (const session of [alice, bob]) {
    const [created] = await session.waitFor("CREATE_CHANNEL_MESSAGE");
    expect(created.payload).toMatchObject({
      MessageId: messageId,
      Content: "my number is ***",
      Metadata: "m1", // left out of the callback: kept
      Status: { Value: "SENT" },
    });
  }
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channelArn, MessageId: messageId, ChimeBearer: app.users.bob }),
  );
  expect(ChannelMessage).toMatchObject({ Content: "my number is ***", Status: { Value: "SENT" } });
  expect(await listedIds(channelArn, "bob")).toContain(messageId);
});

test("a denied message reaches nobody, is not stored, and its sender hears DENIED", async () => {
  const channelArn = await flowChannel();
  const [alice, bob] = [await connect("alice"), await connect("bob")];
  const messageId = (await send(channelArn, "something forbidden")).MessageId as string;
  const { event } = await invoker.next(messageId);
  await callback(channelArn, event.CallbackId, {
    DeleteResource: true,
    ChannelMessage: { MessageId: messageId, Metadata: '{"reason":"a listed word"}' },
  });

  const [denied] = await alice.waitFor("DENIED_CREATE_CHANNEL_MESSAGE");
  expect(denied.payload).toMatchObject({
    MessageId: messageId,
    Metadata: '{"reason":"a listed word"}',
    Status: { Value: "DENIED" },
  });
  expect(await listedIds(channelArn, "alice")).not.toContain(messageId);
  // "This API does not return statuses for denied messages, because we don't store them."
  await expect(
    t.messaging.send(
      new GetChannelMessageStatusCommand({
        ChannelArn: channelArn,
        MessageId: messageId,
        ChimeBearer: app.users.alice,
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  expect(bob.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]);
  expect(alice.frames.map((f) => f.type)).not.toContain("CREATE_CHANNEL_MESSAGE");
});

test("a NON_PERSISTENT message goes through the flow too, and is never stored", async () => {
  const channelArn = await flowChannel();
  const bob = await connect("bob");
  const messageId = (await send(channelArn, "fleeting", "NON_PERSISTENT")).MessageId as string;
  const { event } = await invoker.next(messageId);
  expect(event.ChannelMessage.Persistence).toBe("NON_PERSISTENT");
  await callback(channelArn, event.CallbackId, { ChannelMessage: { MessageId: messageId } });
  const [created] = await bob.waitFor("CREATE_CHANNEL_MESSAGE");
  expect(created.payload).toMatchObject({ MessageId: messageId, Persistence: "NON_PERSISTENT", Content: "fleeting" });
  expect(await listedIds(channelArn, "bob")).not.toContain(messageId);
});

test("CONTROL messages skip the flow", async () => {
  const channelArn = await flowChannel();
  const before = invoker.invocations.length;
  const sent = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.alice,
      Content: "typing",
      Type: "CONTROL",
      Persistence: "NON_PERSISTENT",
    }),
  );
  expect(sent.Status).toEqual({ Value: "SENT" });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(invoker.invocations.length).toBe(before);
});

test("a retried callback answers as the first; other answers for it, or for other messages, are refused", async () => {
  const channelArn = await flowChannel();
  const messageId = (await send(channelArn, "once")).MessageId as string;
  const { event } = await invoker.next(messageId);
  await expect(
    callback(channelArn, event.CallbackId, { ChannelMessage: { MessageId: "another-message" } }),
  ).rejects.toBeInstanceOf(BadRequestException);
  const first = await callback(channelArn, event.CallbackId, { ChannelMessage: { MessageId: messageId } });
  const again = await callback(channelArn, event.CallbackId, { ChannelMessage: { MessageId: messageId } });
  expect(again.CallbackId).toBe(first.CallbackId);
  await expect(
    callback(channelArn, event.CallbackId, { DeleteResource: true, ChannelMessage: { MessageId: messageId } }),
  ).rejects.toMatchObject({ name: "ConflictException" });
  await expect(
    callback(channelArn, "0".repeat(64), { ChannelMessage: { MessageId: messageId } }),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const otherChannel = await flowChannel();
  const otherId = (await send(otherChannel, "elsewhere")).MessageId as string;
  const other = await invoker.next(otherId);
  await expect(
    callback(channelArn, other.event.CallbackId, { ChannelMessage: { MessageId: otherId } }),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("after 48 hours the callback is Forbidden, and the message settled by the processor's fallback (ABORT: FAILED)", async () => {
  const channelArn = await flowChannel();
  const alice = await connect("alice");
  const messageId = (await send(channelArn, "slow processor")).MessageId as string;
  const { event } = await invoker.next(messageId);
  offsetMs = 48 * 60 * 60 * 1000 + 1000;
  await expect(
    callback(channelArn, event.CallbackId, { ChannelMessage: { MessageId: messageId } }),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const [failed] = await alice.waitFor("FAILED_CREATE_CHANNEL_MESSAGE");
  expect(failed.payload).toMatchObject({ MessageId: messageId, Status: { Value: "FAILED" } });
  const status = await t.messaging.send(
    new GetChannelMessageStatusCommand({ ChannelArn: channelArn, MessageId: messageId, ChimeBearer: app.users.alice }),
  );
  expect(status.Status).toEqual({ Value: "FAILED", Detail: expect.stringContaining("48 hours") as string });
  expect(await listedIds(channelArn, "bob")).not.toContain(messageId);
});
