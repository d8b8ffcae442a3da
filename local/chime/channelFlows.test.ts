/**
 * Channel flows beyond one callback, over HTTP with the SDK and real sockets: the processor's
 * FallbackAction when it cannot be invoked (ABORT: FAILED; CONTINUE: sent as it is) or stays silent 48
 * hours, processors in ExecutionOrder, edits through the flow, what may not be done to a message
 * still in it, a flow on an elastic channel (in the message's sub-channel), and the push of a message
 * that goes through a flow (sent when the message is, with the processor's push configuration).
 */
import {
  BadRequestException,
  ChannelFlowCallbackCommand,
  type ChannelMessageCallback,
  ConflictException,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  GetChannelMessageCommand,
  GetChannelMessageStatusCommand,
  ListChannelMessagesCommand,
  RedactChannelMessageCommand,
  UpdateChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { LambdaInvoker } from "./lambdaInvoker";
import { associate, createFlow, RecordingInvoker, unreachableLambda } from "../../test/support/channelFlows";
import { createChannel, sendMessage, sendMessageAnswer } from "../../test/support/channels";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../test/support/messagingSession";
import { createPushApp, readOutbox, registerDevice } from "../../test/support/push";
import { assumeUserRole } from "../../test/support/sts";
import { settleExpiredFlows } from "./channelFlows";

const sessions: TestSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});

interface Setup {
  t: TestEndpoint;
  app: AppFixture;
  channelArn: string;
  connect(user: string): Promise<TestSession>;
  send(content: string): Promise<string>;
}

/** An endpoint with the given invoker and a channel (owner, alice, bob) running a flow. */
async function setup(
  lambda: LambdaInvoker,
  flow: Parameters<typeof createFlow>[2],
  options: Parameters<typeof startTestEndpoint>[0] = {},
): Promise<Setup> {
  const t = await startTestEndpoint({ lambda, ...options });
  const app = await createApp(t.identity, ["owner", "alice", "bob"]);
  await t.usePoliciesFor(app.appInstanceArn);
  const channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await associate(t.messaging, channelArn, await createFlow(t.messaging, app, flow), app.users.owner);
  return {
    t,
    app,
    channelArn,
    async connect(user) {
      const credentials = await assumeUserRole(t, user);
      const now = options.clock?.now();
      const url = await presignConnectUrl(t.endpoint.port, credentials, app.users[user], now);
      const session = await TestSession.open(url);
      sessions.push(session);
      await session.waitFor("SESSION_ESTABLISHED");
      return session;
    },
    send: (content) => sendMessage(t.messaging, channelArn, app.users.alice, content),
  };
}

describe("a processor that cannot be invoked", () => {
  test("ABORT: the message FAILED, stored for its sender only, FAILED_CREATE_CHANNEL_MESSAGE to them", async () => {
    const s = await setup(unreachableLambda, { fallback: "ABORT" });
    try {
      const [alice, bob] = [await s.connect("alice"), await s.connect("bob")];
      const messageId = await s.send("nobody will read this");
      const [failed] = await alice.waitFor("FAILED_CREATE_CHANNEL_MESSAGE");
      expect(failed.payload).toMatchObject({ MessageId: messageId, Status: { Value: "FAILED" } });
      const status = await s.t.messaging.send(
        new GetChannelMessageStatusCommand({
          ChannelArn: s.channelArn,
          MessageId: messageId,
          ChimeBearer: s.app.users.alice,
        }),
      );
      expect(status.Status).toEqual({ Value: "FAILED", Detail: "The channel flow's processor could not be invoked." });
      await expect(
        s.t.messaging.send(
          new GetChannelMessageCommand({
            ChannelArn: s.channelArn,
            MessageId: messageId,
            ChimeBearer: s.app.users.bob,
          }),
        ),
      ).rejects.toMatchObject({ name: "NotFoundException" });
      expect(bob.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]);
    } finally {
      await s.t.close();
    }
  });

  test("CONTINUE: the last processor's message is sent as it is", async () => {
    const s = await setup(unreachableLambda, { fallback: "CONTINUE" });
    try {
      const bob = await s.connect("bob");
      const messageId = await s.send("unprocessed but sent");
      const [created] = await bob.waitFor("CREATE_CHANNEL_MESSAGE");
      expect(created.payload).toMatchObject({
        MessageId: messageId,
        Content: "unprocessed but sent",
        Status: { Value: "SENT" },
      });
    } finally {
      await s.t.close();
    }
  });

  test("a function of another account or region is never invoked: it cannot be", async () => {
    const invoker = new RecordingInvoker();
    const s = await setup(invoker, {
      fallback: "ABORT",
      functionArns: ["arn:aws:lambda:eu-central-1:111122223333:function:elsewhere"],
    });
    try {
      const alice = await s.connect("alice");
      await s.send("to a far away processor");
      await alice.waitFor("FAILED_CREATE_CHANNEL_MESSAGE");
      expect(invoker.invocations).toEqual([]);
    } finally {
      await s.t.close();
    }
  });
});

test("a processor silent for 48 hours: its fallback settles the message (CONTINUE: sent)", async () => {
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const invoker = new RecordingInvoker();
  const s = await setup(invoker, { fallback: "CONTINUE" }, { clock });
  try {
    const bob = await s.connect("bob");
    const messageId = await s.send("late but delivered");
    await invoker.next(messageId);
    settleExpiredFlows(s.t.endpoint.services);
    expect(bob.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]); // not yet: within 48 hours
    offsetMs = 48 * 60 * 60 * 1000 + 1;
    settleExpiredFlows(s.t.endpoint.services);
    const [created] = await bob.waitFor("CREATE_CHANNEL_MESSAGE");
    expect(created.payload).toMatchObject({ MessageId: messageId, Content: "late but delivered" });
  } finally {
    await s.t.close();
  }
});

test("processors run in ExecutionOrder, each on the message as the one before left it", async () => {
  const invoker = new RecordingInvoker();
  const first = "arn:aws:lambda:us-east-1:111122223333:function:first";
  const second = "arn:aws:lambda:us-east-1:111122223333:function:second";
  const s = await setup(
    invoker,
    { functionArns: [first, second] },
    { config: { quotas: { processorsPerChannelFlow: 2 } } },
  );
  try {
    const [alice, bob] = [await s.connect("alice"), await s.connect("bob")];
    const messageId = await s.send("step zero");
    const one = await invoker.next(messageId, 1);
    expect(one.functionArn).toBe(first);
    await s.t.messaging.send(
      new ChannelFlowCallbackCommand({
        ChannelArn: s.channelArn,
        CallbackId: one.event.CallbackId,
        ChannelMessage: { MessageId: messageId, Content: "step one" },
      }),
    );
    const two = await invoker.next(messageId, 2);
    expect(two.functionArn).toBe(second);
    expect(two.event.CallbackId).not.toBe(one.event.CallbackId);
    expect(two.event.ChannelMessage.Content).toBe("step one");
    expect(bob.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]); // still pending
    await s.t.messaging.send(
      new ChannelFlowCallbackCommand({
        ChannelArn: s.channelArn,
        CallbackId: two.event.CallbackId,
        ChannelMessage: { MessageId: messageId, Content: "step two" },
      }),
    );
    const [created] = await bob.waitFor("CREATE_CHANNEL_MESSAGE");
    expect(created.payload).toMatchObject({ Content: "step two", Status: { Value: "SENT" } });
    expect(alice.frames.filter((f) => f.type === "PENDING_CREATE_CHANNEL_MESSAGE")).toHaveLength(1);
  } finally {
    await s.t.close();
  }
});

describe("edits", () => {
  const update = (s: Setup, messageId: string, content: string) =>
    s.t.messaging.send(
      new UpdateChannelMessageCommand({
        ChannelArn: s.channelArn,
        MessageId: messageId,
        ChimeBearer: s.app.users.alice,
        Content: content,
      }),
    );
  const callback = (s: Setup, callbackId: string, messageId: string, deny = false) =>
    s.t.messaging.send(
      new ChannelFlowCallbackCommand({
        ChannelArn: s.channelArn,
        CallbackId: callbackId,
        DeleteResource: deny,
        ChannelMessage: { MessageId: messageId },
      }),
    );
  const contentFor = async (s: Setup, messageId: string, user: string) =>
    (
      await s.t.messaging.send(
        new GetChannelMessageCommand({
          ChannelArn: s.channelArn,
          MessageId: messageId,
          ChimeBearer: s.app.users[user],
        }),
      )
    ).ChannelMessage?.Content;

  test("an edit is PENDING, the message unchanged meanwhile; SENT, it reaches the members; DENIED, the message stays as it was", async () => {
    const invoker = new RecordingInvoker();
    const s = await setup(invoker, {});
    try {
      const [alice, bob] = [await s.connect("alice"), await s.connect("bob")];
      const messageId = await s.send("first words");
      await callback(s, (await invoker.next(messageId, 1)).event.CallbackId, messageId);
      await bob.waitFor("CREATE_CHANNEL_MESSAGE");

      const edited = await update(s, messageId, "second words");
      expect(edited.Status).toEqual({ Value: "PENDING" });
      const [pending] = await alice.waitFor("PENDING_UPDATE_CHANNEL_MESSAGE");
      expect(pending.payload).toMatchObject({ Content: "second words", Status: { Value: "PENDING" } });
      const two = await invoker.next(messageId, 2);
      expect(two.event.ChannelMessage).toMatchObject({
        Content: "second words",
        LastEditedTimestamp: expect.any(String) as string,
      });
      expect(await contentFor(s, messageId, "bob")).toBe("first words");
      // An edit in flight cannot be edited or redacted again.
      await expect(update(s, messageId, "third")).rejects.toBeInstanceOf(ConflictException);
      await expect(
        s.t.messaging.send(
          new RedactChannelMessageCommand({
            ChannelArn: s.channelArn,
            MessageId: messageId,
            ChimeBearer: s.app.users.owner,
          }),
        ),
      ).rejects.toBeInstanceOf(ConflictException);
      await callback(s, two.event.CallbackId, messageId);
      const [updated] = await bob.waitFor("UPDATE_CHANNEL_MESSAGE");
      expect(updated.payload).toMatchObject({ Content: "second words", Status: { Value: "SENT" } });
      expect(await contentFor(s, messageId, "bob")).toBe("second words");

      await update(s, messageId, "denied words");
      await callback(s, (await invoker.next(messageId, 3)).event.CallbackId, messageId, true);
      await alice.waitFor("DENIED_UPDATE_CHANNEL_MESSAGE");
      expect(await contentFor(s, messageId, "bob")).toBe("second words");
      expect(bob.frames.filter((f) => f.type === "UPDATE_CHANNEL_MESSAGE")).toHaveLength(1);
    } finally {
      await s.t.close();
    }
  });

  test("a message its flow has not sent cannot be edited", async () => {
    const invoker = new RecordingInvoker();
    const s = await setup(invoker, {});
    try {
      const messageId = await s.send("still pending");
      await expect(update(s, messageId, "changed my mind")).rejects.toBeInstanceOf(ConflictException);
    } finally {
      await s.t.close();
    }
  });
});

describe("a flow on an elastic channel", () => {
  // DG "Using elastic channels to host live events" lists channel flows among the features elastic
  // channels support: the message goes through the flow in its sub-channel and stays there.
  test("a sub-channel's message is PENDING, processed with its SubChannelId, and delivered to that sub-channel only", async () => {
    const invoker = new RecordingInvoker();
    const t = await startTestEndpoint({ lambda: invoker });
    try {
      const app = await createApp(t.identity, ["owner", "m1", "m2", "m3"]);
      // Target 2, minimum ceil(2 × 40%) = 1: m1 and m2 fill the first sub-channel, m3 scales out alone.
      const { ChannelArn } = await t.messaging.send(
        new CreateChannelCommand({
          AppInstanceArn: app.appInstanceArn,
          Name: "live event",
          ChimeBearer: app.users.owner,
          ElasticChannelConfiguration: {
            MaximumSubChannels: 2,
            TargetMembershipsPerSubChannel: 2,
            MinimumMembershipPercentage: 40,
          },
        }),
      );
      const channelArn = ChannelArn as string;
      const subChannelOf: Record<string, string> = {};
      for (const user of ["m1", "m2", "m3"]) {
        const joined = await t.messaging.send(
          new CreateChannelMembershipCommand({
            ChannelArn: channelArn,
            MemberArn: app.users[user],
            Type: "DEFAULT",
            ChimeBearer: app.users.owner,
          }),
        );
        subChannelOf[user] = joined.SubChannelId as string;
      }
      const [here, there] = [subChannelOf.m1, subChannelOf.m3];
      expect(subChannelOf.m2).toBe(here);
      expect(there).not.toBe(here);
      // The channel's creator is its moderator, who may associate a flow with it.
      await associate(t.messaging, channelArn, await createFlow(t.messaging, app), app.users.owner);
      const connect = async (user: string) => {
        const url = await presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users[user]);
        const session = await TestSession.open(url);
        sessions.push(session);
        await session.waitFor("SESSION_ESTABLISHED");
        return session;
      };
      const [m1, m2, m3] = [await connect("m1"), await connect("m2"), await connect("m3")];

      const sent = await sendMessageAnswer(t.messaging, channelArn, app.users.m1, "hello table one", {
        SubChannelId: here,
      });
      expect(sent).toMatchObject({ Status: { Value: "PENDING" }, SubChannelId: here });
      const messageId = sent.MessageId as string;
      const [pending] = await m1.waitFor("PENDING_CREATE_CHANNEL_MESSAGE");
      expect(pending.payload).toMatchObject({ MessageId: messageId, SubChannelId: here, Status: { Value: "PENDING" } });
      const { event } = await invoker.next(messageId);
      expect(event.ChannelMessage).toMatchObject({ MessageId: messageId, ChannelArn: channelArn, SubChannelId: here });

      const callback = (SubChannelId: string) =>
        t.messaging.send(
          new ChannelFlowCallbackCommand({
            ChannelArn: channelArn,
            CallbackId: event.CallbackId,
            ChannelMessage: { MessageId: messageId, SubChannelId, Content: "hello table one (checked)" },
          }),
        );
      // A processor cannot move the message to another sub-channel.
      await expect(callback(there)).rejects.toBeInstanceOf(BadRequestException);
      await callback(here);

      const [created] = await m2.waitFor("CREATE_CHANNEL_MESSAGE");
      expect(created.payload).toMatchObject({
        MessageId: messageId,
        Content: "hello table one (checked)",
        SubChannelId: here,
        Status: { Value: "SENT" },
      });
      await m1.waitFor("CREATE_CHANNEL_MESSAGE");
      expect(m3.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]);
      const listed = (user: string, subChannelId: string) =>
        t.messaging.send(
          new ListChannelMessagesCommand({
            ChannelArn: channelArn,
            SubChannelId: subChannelId,
            ChimeBearer: app.users[user],
          }),
        );
      expect((await listed("m2", here)).ChannelMessages?.map((m) => m.Content)).toEqual(["hello table one (checked)"]);
      expect((await listed("m3", there)).ChannelMessages).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

test("a message's push goes out when its flow sends it, with the sender's push configuration or the processor's; a denied one pushes nothing", async () => {
  const invoker = new RecordingInvoker();
  const s = await setup(invoker, {});
  try {
    const target = { port: s.t.endpoint.port, developerKey: s.t.credentials.developer };
    const pushAppArn = await createPushApp(target);
    await registerDevice(s.t.identity, s.app.users.bob, pushAppArn, { type: "GCM", token: "fcm-bob" });
    const pushesOf = async (messageId: string) =>
      (await readOutbox(target, { userArn: s.app.users.bob })).pushes.filter((push) => push.messageId === messageId);
    const sendWithPush = (content: string) =>
      sendMessage(s.t.messaging, s.channelArn, s.app.users.alice, content, {
        PushNotification: { Title: "alice", Body: content, Type: "DEFAULT" },
      });

    /** The processor's answer to the message's invocation: the message as it changed it, or a denial. */
    const answer = async (messageId: string, changes: Omit<ChannelMessageCallback, "MessageId">, deny = false) => {
      const { event } = await invoker.next(messageId, 1);
      await s.t.messaging.send(
        new ChannelFlowCallbackCommand({
          ChannelArn: s.channelArn,
          CallbackId: event.CallbackId,
          ChannelMessage: { MessageId: messageId, ...changes },
          DeleteResource: deny || undefined,
        }),
      );
    };

    // Passed on unchanged: the sender's push configuration.
    const unchanged = await sendWithPush("hello bob");
    expect(await pushesOf(unchanged)).toEqual([]); // nothing while it is PENDING
    await answer(unchanged, {});
    expect(await pushesOf(unchanged)).toMatchObject([{ deviceToken: "fcm-bob", title: "alice", body: "hello bob" }]);

    // Changed by the processor, push included.
    const passed = await sendWithPush("my card is 4111 1111 1111 1111");
    await answer(passed, {
      Content: "my card is ****",
      PushNotification: { Title: "alice", Body: "my card is ****", Type: "DEFAULT" },
    });
    const [push] = await pushesOf(passed);
    expect(push).toMatchObject({ deviceToken: "fcm-bob", title: "alice", body: "my card is ****" });
    expect(JSON.stringify(push.payload)).not.toContain("4111");

    const denied = await sendWithPush("a denied message");
    await answer(denied, {}, true);
    expect(await pushesOf(denied)).toEqual([]);
  } finally {
    await s.t.close();
  }
});
