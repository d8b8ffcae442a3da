/**
 * A channel's expiration through the API: set on createChannel, changed or cleared on updateChannel,
 * shown on `channel`; with the local endpoint's clock moved, the channel disappears on time, with its
 * messages (the API's SDK clients correct their clock skew from the endpoint's Date header, as they
 * would from AWS's).
 */
import {
  CHANNEL_FIELDS,
  createChannel,
  dataOf,
  errorOf,
  sendMessage,
  signIn,
  type ChannelData,
} from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

const DAY = 24 * 60 * 60 * 1000;
let now = Date.now();
let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", endpoint: { clock: { now: () => new Date(now) } } });
  [alice, bob] = await Promise.all([stack.user("alice"), stack.user("bob")]);
  await Promise.all([alice, bob].map((user) => signIn(stack, user)));
});

afterAll(async () => {
  await stack?.close();
});

const EXPIRATION = "expiration { days criterion }";
type WithExpiration = ChannelData & { expiration: { days: number; criterion: string } | null };

const readChannel = (user: ApiUser, arn: string) =>
  stack.gql(user.token, `query($arn: ID!) { channel(arn: $arn) { ${CHANNEL_FIELDS} ${EXPIRATION} } }`, { arn });
const update = (user: ApiUser, input: Record<string, unknown>) =>
  stack.gql(
    user.token,
    `mutation($input: UpdateChannelInput!) { updateChannel(input: $input) { arn ${EXPIRATION} } }`,
    { input },
  );
const messageIds = async (user: ApiUser, channelArn: string) =>
  dataOf<{ messages: { edges: { node: { messageId: string } }[] } }>(
    await stack.gql(
      user.token,
      `query($channelArn: ID!) { messages(channelArn: $channelArn) { edges { node { messageId } } } }`,
      { channelArn },
    ),
  ).messages.edges.map((edge) => edge.node.messageId);
const myChannelArns = async (user: ApiUser) =>
  dataOf<{ myChannels: { edges: { node: { channel: { arn: string } } }[] } }>(
    await stack.gql(user.token, "{ myChannels(first: 50) { edges { node { channel { arn } } } } }"),
  ).myChannels.edges.map((edge) => edge.node.channel.arn);

test("a channel created to expire in a day shows it, and disappears with its messages on time", async () => {
  const created = now;
  const channel = await createChannel(stack, alice, {
    name: "ephemeral",
    memberArns: [bob.arn],
    expiration: { days: 1 },
  });
  const read = dataOf<{ channel: WithExpiration }>(await readChannel(bob, channel.arn)).channel;
  expect(read.expiration).toEqual({ days: 1, criterion: "CREATED_TIMESTAMP" });
  const { messageId } = await sendMessage(stack, bob, channel.arn, { content: "gone tomorrow" });
  expect(await messageIds(bob, channel.arn)).toEqual([messageId]);

  now = created + DAY - 60_000;
  expect(await myChannelArns(bob)).toContain(channel.arn);

  now = created + DAY;
  errorOf(await readChannel(bob, channel.arn), "FORBIDDEN");
  expect(await myChannelArns(bob)).not.toContain(channel.arn);
  const messages = await stack.gql(
    bob.token,
    `query($channelArn: ID!) { messages(channelArn: $channelArn) { edges { node { messageId } } } }`,
    { channelArn: channel.arn },
  );
  errorOf(messages, "FORBIDDEN");
});

test("updateChannel sets an expiration, counted from the last message, and null clears it", async () => {
  const channel = await createChannel(stack, alice, { name: "lasting" });
  const set = dataOf<{ updateChannel: WithExpiration }>(
    await update(alice, { arn: channel.arn, expiration: { days: 2, criterion: "LAST_MESSAGE_TIMESTAMP" } }),
  ).updateChannel;
  expect(set.expiration).toEqual({ days: 2, criterion: "LAST_MESSAGE_TIMESTAMP" });
  // Omitted: unchanged.
  const renamed = dataOf<{ updateChannel: WithExpiration }>(
    await update(alice, { arn: channel.arn, name: "still lasting" }),
  ).updateChannel;
  expect(renamed.expiration).toEqual({ days: 2, criterion: "LAST_MESSAGE_TIMESTAMP" });
  const cleared = dataOf<{ updateChannel: WithExpiration }>(
    await update(alice, { arn: channel.arn, expiration: null }),
  ).updateChannel;
  expect(cleared.expiration).toBeNull();
  now += 3 * DAY;
  expect(dataOf<{ channel: WithExpiration }>(await readChannel(alice, channel.arn)).channel.arn).toBe(channel.arn);
});

test("only moderators change it; the days are checked before any Chime call", async () => {
  const channel = await createChannel(stack, alice, { name: "guarded", memberArns: [bob.arn] });
  errorOf(await update(bob, { arn: channel.arn, expiration: { days: 1 } }), "FORBIDDEN");
  const before = stack.proxy.calls.length;
  const error = errorOf(await update(alice, { arn: channel.arn, expiration: { days: 0 } }), "BAD_USER_INPUT");
  expect(error.extensions).toMatchObject({ field: "input.expiration.days" });
  errorOf(
    await stack.gql(alice.token, `mutation($input: CreateChannelInput!) { createChannel(input: $input) { arn } }`, {
      input: { name: "too long", expiration: { days: 5476 } },
    }),
    "BAD_USER_INPUT",
  );
  expect(stack.proxy.calls.length).toBe(before);
});
