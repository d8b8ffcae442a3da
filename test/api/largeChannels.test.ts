/**
 * Large (elastic) channels through the API: created with `elastic`, grown past one sub-channel by
 * adding members, and still one channel for callers: each member reads and posts in their own
 * sub-channel without naming it, and sees only its messages.
 */
import { ListSubChannelsCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { CHANNEL_FIELDS, dataOf, errorOf, sendMessage, signIn } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let owner: ApiUser;
let bob: ApiUser;
let carol: ApiUser;
let dave: ApiUser;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
  [owner, bob, carol, dave] = await Promise.all(["owner", "bob", "carol", "dave"].map((name) => stack.user(name)));
  await Promise.all([owner, bob, carol, dave].map((user) => signIn(stack, user)));
});

afterAll(async () => {
  await stack?.close();
});

const ELASTIC = "elastic { maximumSubChannels targetMembersPerSubChannel minimumMembershipPercentage }";

const contents = async (user: ApiUser, channelArn: string) =>
  dataOf<{ messages: { edges: { node: { content: string } }[] } }>(
    await stack.gql(
      user.token,
      `query($channelArn: ID!) { messages(channelArn: $channelArn, order: OLDEST_FIRST) { edges { node { content } } } }`,
      { channelArn },
    ),
  ).messages.edges.map((edge) => edge.node.content);

const subChannelsOf = async (channelArn: string) =>
  (
    await stack.t.messaging.send(
      new ListSubChannelsCommand({ ChannelArn: channelArn, ChimeBearer: stack.backendUserArn }),
    )
  ).SubChannels ?? [];

test("a large channel grows past one sub-channel; its members each read and post in their own", async () => {
  const created = dataOf<{ createChannel: { arn: string; mode: string; elastic: unknown } }>(
    await stack.gql(
      owner.token,
      `mutation($input: CreateChannelInput!) { createChannel(input: $input) { ${CHANNEL_FIELDS} ${ELASTIC} } }`,
      {
        input: {
          name: "Live final",
          elastic: { maximumSubChannels: 3, targetMembersPerSubChannel: 2, minimumMembershipPercentage: 40 },
        },
      },
    ),
  ).createChannel;
  expect(created).toMatchObject({
    mode: "RESTRICTED",
    elastic: { maximumSubChannels: 3, targetMembersPerSubChannel: 2, minimumMembershipPercentage: 40 },
  });
  const channelArn = created.arn;
  expect(await subChannelsOf(channelArn)).toHaveLength(1);

  const added = dataOf<{ addMembers: { memberships: { member: { arn: string } }[]; errors: unknown[] } }>(
    await stack.gql(
      owner.token,
      `mutation($input: AddMembersInput!) { addMembers(input: $input) { memberships { member { arn } } errors { memberArn code } } }`,
      { input: { channelArn, memberArns: [bob.arn, carol.arn, dave.arn] } },
    ),
  ).addMembers;
  expect(added.errors).toEqual([]);
  // Two members a sub-channel: the third made a second one.
  expect((await subChannelsOf(channelArn)).map((sub) => sub.MembershipCount)).toEqual([2, 1]);

  // bob and carol share a sub-channel; dave is alone in his.
  await sendMessage(stack, bob, channelArn, { content: "hello from bob" });
  await sendMessage(stack, dave, channelArn, { content: "hello from dave" });
  expect(await contents(carol, channelArn)).toEqual(["hello from bob"]);
  expect(await contents(bob, channelArn)).toEqual(["hello from bob"]);
  expect(await contents(dave, channelArn)).toEqual(["hello from dave"]);

  // Everything else a member does with messages works in their sub-channel as well.
  const { messageId } = await sendMessage(stack, carol, channelArn, { content: "typo" });
  const edited = dataOf<{ editMessage: { content: string } }>(
    await stack.gql(carol.token, `mutation($input: EditMessageInput!) { editMessage(input: $input) { content } }`, {
      input: { channelArn, messageId, content: "fixed" },
    }),
  ).editMessage;
  expect(edited.content).toBe("fixed");
  expect(await contents(bob, channelArn)).toEqual(["hello from bob", "fixed"]);
  const typing = await stack.gql(dave.token, `mutation($channelArn: ID!) { signalTyping(channelArn: $channelArn) }`, {
    channelArn,
  });
  expect(dataOf<{ signalTyping: boolean }>(typing).signalTyping).toBe(true);

  // One channel for callers: it lists every member, and shows in each member's channels.
  const members = dataOf<{ members: { edges: { node: { member: { arn: string } } }[] } }>(
    await stack.gql(
      owner.token,
      `query($channelArn: ID!) { members(channelArn: $channelArn) { edges { node { member { arn } } } } }`,
      {
        channelArn,
      },
    ),
  ).members.edges.map((edge) => edge.node.member.arn);
  expect(members.sort()).toEqual([bob.arn, carol.arn, dave.arn].sort());
  const mine = dataOf<{ myChannels: { edges: { node: { channel: { arn: string }; unread: { count: number } } }[] } }>(
    await stack.gql(dave.token, "{ myChannels { edges { node { channel { arn } unread { count } } } } }"),
  ).myChannels.edges.find((edge) => edge.node.channel.arn === channelArn);
  expect(mine?.node.unread.count).toBe(0);
});

test("a user who is not a member of a large channel gets its messages refused", async () => {
  const created = dataOf<{ createChannel: { arn: string } }>(
    await stack.gql(owner.token, `mutation($input: CreateChannelInput!) { createChannel(input: $input) { arn } }`, {
      input: {
        name: "Another final",
        elastic: { maximumSubChannels: 2, targetMembersPerSubChannel: 2, minimumMembershipPercentage: 40 },
      },
    }),
  ).createChannel;
  const response = await stack.gql(
    carol.token,
    `mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }`,
    { input: { channelArn: created.arn, content: "let me in" } },
  );
  errorOf(response, "FORBIDDEN");
  errorOf(
    await stack.gql(owner.token, `mutation($input: CreateChannelInput!) { createChannel(input: $input) { arn } }`, {
      input: {
        name: "bad",
        memberArns: [bob.arn],
        elastic: { maximumSubChannels: 2, targetMembersPerSubChannel: 2, minimumMembershipPercentage: 41 },
      },
    }),
    "BAD_USER_INPUT",
  );
});
