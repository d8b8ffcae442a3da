/**
 * The API with moderation on (a deployment with `moderation=true`): new channels run the channel flow;
 * a message is PENDING until the moderation processor (the real one, invoked by the local endpoint)
 * decides; the sender reads SENT, or DENIED with its reason, through GraphQL; the others never see
 * what was denied, and see masked personal data masked; a push never carries text the check has not seen.
 */
import { ListChannelsAssociatedWithChannelFlowCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { clearFaults, setFaults } from "../support/faultControl";
import { createChannel, dataOf, errorOf, signIn, type MessageData } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";
import { createPushApp, readOutbox } from "../support/push";

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
let channelArn: string;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", moderation: true });
  alice = await stack.user("alice");
  bob = await stack.user("bob");
  await signIn(stack, alice);
  await signIn(stack, bob);
  channelArn = (await createChannel(stack, alice, { name: "moderated", memberArns: [bob.arn] })).arn;
});
afterAll(async () => {
  await stack?.close();
});

const flowArn = () => process.env.CHIME_CHANNEL_FLOW_ARN as string;

interface Sent {
  sendMessage: { messageId: string; status: { value: string } | null; message: MessageData | null };
}

async function send(user: ApiUser, content: string, channel = channelArn): Promise<Sent["sendMessage"]> {
  const response = await stack.gql(
    user.token,
    `mutation($c: ID!, $text: String!) {
      sendMessage(input: { channelArn: $c, content: $text }) {
        messageId status { value } message { messageId content status { value } }
      }
    }`,
    { c: channel, text: content },
  );
  return dataOf<Sent>(response).sendMessage;
}

const status = (user: ApiUser, messageId: string, channel = channelArn) =>
  stack.gql(user.token, `query($c: ID!, $m: ID!) { messageStatus(channelArn: $c, messageId: $m) { value detail } }`, {
    c: channel,
    m: messageId,
  });

/** The status once moderation has decided (the processor runs right after the send). */
async function settledStatus(
  user: ApiUser,
  messageId: string,
  channel = channelArn,
): Promise<{ value: string; detail: string | null }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { messageStatus } = dataOf<{ messageStatus: { value: string; detail: string | null } }>(
      await status(user, messageId, channel),
    );
    if (messageStatus.value !== "PENDING") return messageStatus;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${messageId} stayed PENDING`);
}

async function contentsSeenBy(user: ApiUser, channel = channelArn): Promise<Record<string, string | null>> {
  const { messages } = dataOf<{ messages: { edges: { node: { messageId: string; content: string | null } }[] } }>(
    await stack.gql(
      user.token,
      `query($c: ID!) { messages(channelArn: $c, first: 50) { edges { node { messageId content } } } }`,
      {
        c: channel,
      },
    ),
  );
  return Object.fromEntries(messages.edges.map(({ node }) => [node.messageId, node.content]));
}

test("a new channel runs the deployment's channel flow", async () => {
  const { Channels } = await stack.t.messaging.send(
    new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: flowArn() }),
  );
  expect(Channels?.map((c) => c.ChannelArn)).toContain(channelArn);
});

test("a clean message: PENDING at first, then SENT, and the other members read it", async () => {
  const sent = await send(alice, "lunch at noon?");
  expect(sent.status).toEqual({ value: "PENDING" });
  expect(await settledStatus(alice, sent.messageId)).toEqual({ value: "SENT", detail: null });
  expect((await contentsSeenBy(bob))[sent.messageId]).toBe("lunch at noon?");
});

test("a listed word: DENIED with its reason to the sender; nobody else sees anything, or may ask", async () => {
  const sent = await send(alice, "oh darn");
  expect(sent.status).toEqual({ value: "PENDING" });
  expect(await settledStatus(alice, sent.messageId)).toEqual({
    value: "DENIED",
    detail: "The message contains a listed word.",
  });
  expect(Object.keys(await contentsSeenBy(bob))).not.toContain(sent.messageId);
  expect(Object.keys(await contentsSeenBy(alice))).not.toContain(sent.messageId);
  errorOf(await status(bob, sent.messageId), "FORBIDDEN");
});

test("personal data reaches the members masked", async () => {
  const sent = await send(alice, "write to alice@example.com");
  expect(await settledStatus(alice, sent.messageId)).toEqual({ value: "SENT", detail: null });
  expect((await contentsSeenBy(bob))[sent.messageId]).toBe("write to [email]");
});

test("a push never carries text moderation has not seen: the body names the sender only, a given title or body is refused", async () => {
  const target = { port: stack.t.endpoint.port, developerKey: stack.t.credentials.developer };
  const pushAppArn = await createPushApp(target);
  stack.t.endpoint.account.setPushAppArn(pushAppArn);
  // Even where the deployment lets message text into pushes.
  const api = await stack.startApi({ CHIME_PUSH_APP_ARN: pushAppArn, PUSH_INCLUDE_CONTENT: "true" });
  dataOf(
    await api.gql(bob.token, `mutation($i: RegisterDeviceInput!) { registerDevice(input: $i) { id } }`, {
      i: { platform: "FCM", deviceToken: "bob-phone" },
    }),
  );
  const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { messageId } }`;
  const { sendMessage } = dataOf<{ sendMessage: { messageId: string } }>(
    await api.gql(alice.token, SEND, { i: { channelArn, content: "my card is 4111 1111 1111 1111" } }),
  );
  expect(await settledStatus(alice, sendMessage.messageId)).toEqual({ value: "SENT", detail: null });
  const { pushes } = await readOutbox(target, { userArn: bob.arn });
  const pushed = pushes.filter((push) => push.messageId === sendMessage.messageId);
  expect(pushed).toMatchObject([{ deviceToken: "bob-phone", body: "New message from alice" }]);
  expect(JSON.stringify(pushed)).not.toContain("4111");

  for (const given of [{ pushTitle: "4111 1111 1111 1111" }, { pushBody: "oh darn" }]) {
    const refused = await api.gql(alice.token, SEND, { i: { channelArn, content: "hello", ...given } });
    expect(errorOf(refused, "BAD_USER_INPUT").message).toBe(
      "pushTitle and pushBody are not accepted where messages are moderated.",
    );
  }
});

test("a channel that cannot be put under moderation is not left behind", async () => {
  const target = { port: stack.t.endpoint.port, developerKey: stack.t.credentials.developer };
  await setFaults(target, { rules: [{ operations: ["AssociateChannelFlow"], fault: "failure", count: 10 }] });
  try {
    const response = await stack.gql(
      alice.token,
      `mutation { createChannel(input: { name: "unmoderated?" }) { arn } }`,
    );
    expect(response.body.errors?.[0].extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
  } finally {
    await clearFaults(target);
  }
  const { myChannels } = dataOf<{ myChannels: { edges: { node: { channel: { name: string } } }[] } }>(
    await stack.gql(alice.token, "{ myChannels(first: 50) { edges { node { channel { name } } } } }"),
  );
  const names = myChannels.edges.map(({ node }) => node.channel.name);
  expect(names).toContain("moderated");
  expect(names).not.toContain("unmoderated?");
});

test("a large channel is moderated too: each message checked in its sub-channel, its status asked without naming one", async () => {
  const [carol, dave] = [await stack.user("carol"), await stack.user("dave")];
  await signIn(stack, carol);
  await signIn(stack, dave);
  // Two members a sub-channel: bob and dave share one, carol, the third, makes a second one.
  const large = await createChannel(stack, alice, {
    name: "moderated live event",
    elastic: { maximumSubChannels: 2, targetMembersPerSubChannel: 2, minimumMembershipPercentage: 40 },
  });
  const { Channels } = await stack.t.messaging.send(
    new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: flowArn() }),
  );
  expect(Channels?.map((c) => c.ChannelArn)).toContain(large.arn);
  const added = await stack.gql(
    alice.token,
    `mutation($input: AddMembersInput!) { addMembers(input: $input) { errors { memberArn code } } }`,
    { input: { channelArn: large.arn, memberArns: [bob.arn, dave.arn, carol.arn] } },
  );
  expect(dataOf<{ addMembers: { errors: unknown[] } }>(added).addMembers.errors).toEqual([]);

  const denied = await send(bob, "darn this queue", large.arn);
  expect(denied.status).toEqual({ value: "PENDING" });
  expect(await settledStatus(bob, denied.messageId, large.arn)).toEqual({
    value: "DENIED",
    detail: "The message contains a listed word.",
  });
  const clean = await send(bob, "mail me at bob@example.com", large.arn);
  expect(await settledStatus(bob, clean.messageId, large.arn)).toEqual({ value: "SENT", detail: null });
  expect(await contentsSeenBy(bob, large.arn)).toEqual({ [clean.messageId]: "mail me at [email]" });
  // carol is in the other sub-channel: she sees neither message, nor may ask about them.
  expect(await contentsSeenBy(carol, large.arn)).toEqual({});
  errorOf(await status(carol, clean.messageId, large.arn), "FORBIDDEN");
});
