/**
 * No input can choose the bearer. Two users: for every mutation, Alice calls it with Bob's ARNs and
 * resources wherever the operation takes one, and every Chime call the API makes for her carries her
 * own AppInstanceUser as `x-amz-chime-bearer` (seen by a proxy in front of the endpoint). The schema
 * has no argument that could name a bearer, and a bearer header sent to the API changes nothing.
 */
import { GetChannelMembershipPreferencesCommand } from "@aws-sdk/client-chime-sdk-messaging";
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isInputObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { createChannel, dataOf, errorOf, sendMessage, signIn, type Page } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
let schema: GraphQLSchema;

beforeAll(async () => {
  // With push, so that the device and notification mutations call Chime too.
  stack = await startApiStack({ push: true });
  [alice, bob] = await Promise.all([stack.user("alice"), stack.user("bob")]);
  await Promise.all([alice, bob].map((user) => signIn(stack, user)));
  schema = buildClientSchema(dataOf<IntrospectionQuery>(await stack.gql(alice.token, getIntrospectionQuery())));
});

afterAll(async () => {
  await stack?.close();
});

/** The value at `keys` in a response's data. */
function dig(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((at, key) => (at as Record<string, unknown> | null | undefined)?.[key], value);
}

/** Runs a request as Alice and returns the bearers of the Chime calls it made. */
async function bearersOf(query: string, variables: Record<string, unknown>) {
  const before = stack.proxy.calls.length;
  const response = await stack.gql(alice.token, query, variables, { "x-amz-chime-bearer": bob.arn });
  const calls = stack.proxy.calls.slice(before);
  return { response, calls, bearers: [...new Set(calls.map((call) => call.bearer).filter(Boolean))] };
}

test("the schema has no argument or input field that could name the acting user", () => {
  const suspicious = /bearer|actor|caller|acting|asUser|impersonat|onBehalf|sender|invitedBy|createdBy/i;
  const names: string[] = [];
  const seen = new Set<string>();
  const visitInput = (typeName: string, path: string) => {
    const type = schema.getType(typeName);
    if (!type || !isInputObjectType(type) || seen.has(typeName)) return;
    seen.add(typeName);
    for (const field of Object.values(type.getFields())) {
      names.push(`${path}.${field.name}`);
      visitInput(getNamedType(field.type).name, `${path}.${field.name}`);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) {
        names.push(`${field.name}(${arg.name})`);
        visitInput(getNamedType(arg.type).name, `${field.name}(${arg.name})`);
      }
    }
  }
  expect(names.length).toBeGreaterThan(40);
  expect(names.filter((name) => suspicious.test(name))).toEqual([]);
});

test("an argument naming a bearer is refused before anything runs", async () => {
  const { response, calls } = await bearersOf(
    `mutation($c: ID!, $b: ID!) { sendMessage(input: { channelArn: $c, content: "x", chimeBearer: $b }) { messageId } }`,
    { c: `${stack.appInstanceArn}/channel/any`, b: bob.arn },
  );
  expect(response.status).toBe(400);
  errorOf(response, "GRAPHQL_VALIDATION_FAILED");
  expect(calls).toEqual([]);
});

describe("every mutation runs as the caller, whatever the input names", () => {
  let bobsChannel: string;
  let bobsOpenChannel: string;
  let alicesChannel: string;
  let bobsMessage: string;
  let bobsDevice: string;

  const deviceCount = async (user: ApiUser) =>
    dataOf<{ myDevices: unknown[] }>(await stack.gql(user.token, "{ myDevices { id } }")).myDevices.length;

  beforeEach(async () => {
    // Bob owns a public channel Alice belongs to, and one she does not; Alice owns one Bob belongs to.
    bobsChannel = (await createChannel(stack, bob, { name: "Bob's", memberArns: [alice.arn] })).arn;
    bobsOpenChannel = (await createChannel(stack, bob, { name: "Bob's open" })).arn;
    alicesChannel = (await createChannel(stack, alice, { name: "Alice's", memberArns: [bob.arn] })).arn;
    bobsMessage = (await sendMessage(stack, bob, bobsChannel, { content: "bob's message" })).messageId;
    bobsDevice = dataOf<{ registerDevice: { id: string } }>(
      await stack.gql(
        bob.token,
        `mutation { registerDevice(input: { platform: FCM, deviceToken: "bobs-token" }) { id } }`,
      ),
    ).registerDevice.id;
  });

  type Case = {
    build: () => [string, Record<string, unknown>];
    /**
     * `refused`: Chime (or the API, for admin-only operations) answered as it answers Alice.
     * `vended`: STS, not Chime, was called: credentials that act as Alice, tagged with her id.
     */
    outcome: "done" | "refused" | "vended";
    /** What must hold afterwards. */
    check?: (data: unknown) => Promise<void> | void;
  };

  const memberArns = async (channelArn: string) =>
    dataOf<{ members: Page<{ member: { arn: string } }> }>(
      await stack.gql(
        bob.token,
        `query($c: ID!) { members(channelArn: $c, first: 50) { edges { node { member { arn } } } } }`,
        {
          c: channelArn,
        },
      ),
    ).members.edges.map((edge) => edge.node.member.arn);

  const cases: Record<string, Case> = {
    createChannel: {
      build: () => [
        `mutation($b: ID!) { createChannel(input: { name: "as bob?", memberArns: [$b], moderatorArns: [$b] }) { createdBy { arn } } }`,
        { b: bob.arn },
      ],
      outcome: "done",
      check: (data) => expect(dig(data, "createChannel", "createdBy", "arn")).toBe(alice.arn),
    },
    updateChannel: {
      build: () => [
        `mutation($c: ID!) { updateChannel(input: { arn: $c, name: "taken over" }) { id } }`,
        { c: bobsChannel },
      ],
      outcome: "refused",
    },
    deleteChannel: {
      build: () => [`mutation($c: ID!) { deleteChannel(arn: $c) }`, { c: bobsChannel }],
      outcome: "refused",
    },
    markChannelRead: {
      build: () => [`mutation($c: ID!) { markChannelRead(channelArn: $c) { id } }`, { c: bobsChannel }],
      outcome: "done",
      check: (data) => expect(dig(data, "markChannelRead", "id") as string).toContain(alice.arn),
    },
    joinChannel: {
      build: () => [
        `mutation($c: ID!) { joinChannel(channelArn: $c) { member { arn } invitedBy { arn } } }`,
        { c: bobsOpenChannel },
      ],
      outcome: "done",
      check: (data) =>
        expect(dig(data, "joinChannel")).toEqual({ member: { arn: alice.arn }, invitedBy: { arn: alice.arn } }),
    },
    leaveChannel: {
      build: () => [`mutation($c: ID!) { leaveChannel(channelArn: $c) }`, { c: alicesChannel }],
      outcome: "done",
      check: async () => expect(await memberArns(alicesChannel)).toEqual([bob.arn]),
    },
    addMembers: {
      build: () => [
        `mutation($c: ID!, $b: ID!) { addMembers(input: { channelArn: $c, memberArns: [$b], type: HIDDEN }) { memberships { invitedBy { arn } } } }`,
        { c: bobsChannel, b: bob.arn },
      ],
      outcome: "refused",
    },
    removeMember: {
      build: () => [
        `mutation($c: ID!, $b: ID!) { removeMember(channelArn: $c, memberArn: $b) }`,
        { c: bobsChannel, b: bob.arn },
      ],
      outcome: "refused",
    },
    addModerator: {
      build: () => [
        `mutation($c: ID!, $b: ID!) { addModerator(channelArn: $c, moderatorArn: $b) { id } }`,
        { c: bobsChannel, b: bob.arn },
      ],
      outcome: "refused",
    },
    removeModerator: {
      build: () => [
        `mutation($c: ID!, $b: ID!) { removeModerator(channelArn: $c, moderatorArn: $b) }`,
        { c: bobsChannel, b: bob.arn },
      ],
      outcome: "refused",
    },
    banMember: {
      build: () => [
        `mutation($c: ID!, $b: ID!) { banMember(channelArn: $c, memberArn: $b) { id } }`,
        { c: bobsChannel, b: bob.arn },
      ],
      outcome: "refused",
    },
    unbanMember: {
      build: () => [
        `mutation($c: ID!, $b: ID!) { unbanMember(channelArn: $c, memberArn: $b) }`,
        { c: bobsChannel, b: bob.arn },
      ],
      outcome: "refused",
    },
    sendMessage: {
      build: () => [
        `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "who am i" }) { message { sender { arn } } } }`,
        { c: bobsChannel },
      ],
      outcome: "done",
      check: (data) => expect(dig(data, "sendMessage", "message", "sender", "arn")).toBe(alice.arn),
    },
    signalTyping: {
      build: () => [`mutation($c: ID!) { signalTyping(channelArn: $c) }`, { c: bobsChannel }],
      outcome: "done",
      check: (data) => expect(dig(data, "signalTyping")).toBe(true),
    },
    editMessage: {
      build: () => [
        `mutation($c: ID!, $m: ID!) { editMessage(input: { channelArn: $c, messageId: $m, content: "edited by alice" }) { id } }`,
        { c: bobsChannel, m: bobsMessage },
      ],
      outcome: "refused",
    },
    redactMessage: {
      build: () => [
        `mutation($c: ID!, $m: ID!) { redactMessage(channelArn: $c, messageId: $m) { id } }`,
        { c: bobsChannel, m: bobsMessage },
      ],
      outcome: "refused",
    },
    deleteMessage: {
      build: () => [
        `mutation($c: ID!, $m: ID!) { deleteMessage(channelArn: $c, messageId: $m) }`,
        { c: bobsChannel, m: bobsMessage },
      ],
      outcome: "refused",
    },
    registerDevice: {
      build: () => [`mutation { registerDevice(input: { platform: FCM, deviceToken: "whose-device" }) { id } }`, {}],
      outcome: "done",
      check: async () => {
        expect(await deviceCount(alice)).toBe(1);
        expect(await deviceCount(bob)).toBe(1); // his own, from before
      },
    },
    unregisterDevice: {
      // Bob's device, by its id and by its token: it is not among Alice's, so nothing goes.
      build: () => [
        `mutation($id: ID, $t: String) { a: unregisterDevice(deviceId: $id) b: unregisterDevice(deviceToken: $t) }`,
        { id: bobsDevice, t: "bobs-token" },
      ],
      outcome: "done",
      check: async (data) => {
        expect(data).toEqual({ a: false, b: false });
        expect(await deviceCount(bob)).toBe(1);
      },
    },
    setNotificationLevel: {
      build: () => [`mutation($c: ID!) { setNotificationLevel(channelArn: $c, level: NONE) }`, { c: bobsChannel }],
      outcome: "done",
      check: async () => {
        // As Chime has them (read with the developer key): Alice's preferences changed, Bob's did not.
        const preferences = async (user: ApiUser) =>
          (
            await stack.t.messaging.send(
              new GetChannelMembershipPreferencesCommand({
                ChannelArn: bobsChannel,
                MemberArn: user.arn,
                ChimeBearer: user.arn,
              }),
            )
          ).Preferences?.PushNotifications;
        expect(await preferences(alice)).toEqual({ AllowNotifications: "NONE" });
        // Bob's ALL rule, set when he sent his message (his own messages left out), is untouched.
        expect(await preferences(bob)).toEqual({
          AllowNotifications: "FILTERED",
          FilterRule: JSON.stringify({ sender: [{ "anything-but": [bob.sub] }] }),
        });
      },
    },
    credentials: {
      build: () => [`mutation { credentials { userArn } }`, {}],
      outcome: "vended",
      check: (data) => {
        expect(dig(data, "credentials", "userArn")).toBe(alice.arn);
        const tags = stack.proxy.calls
          .filter((call) => call.form?.Action === "AssumeRole")
          .map((call) => call.form?.["Tags.member.1.Value"]);
        expect(tags.length).toBeGreaterThan(0);
        expect(new Set(tags)).toEqual(new Set([alice.sub]));
      },
    },
  };

  test("the cases cover every mutation of the schema", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort());
  });

  test.each(Object.keys(cases))("%s", async (name) => {
    const { build, outcome, check } = cases[name];
    const [query, variables] = build();
    const { response, calls } = await bearersOf(query, variables);
    // Every Chime call that carried a bearer carried Alice's; the identity API's device calls, which take
    // no bearer header, name her as the AppInstanceUser.
    for (const call of calls) expect([alice.arn, undefined]).toContain(call.bearer);
    for (const call of calls.filter((c) => c.path.startsWith("/app-instance-users/"))) {
      expect(call.path.startsWith(`/app-instance-users/${alice.arn}/`)).toBe(true);
    }
    if (outcome === "refused") {
      expect(response.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    } else {
      const data = dataOf<unknown>(response);
      if (outcome === "done") {
        expect(calls.some((call) => call.bearer === alice.arn || call.path.includes(`/${alice.arn}/`))).toBe(true);
      }
      await check?.(data);
    }
    // Bob's channel and message are as they were, and Bob is still in his channel.
    const bobView = dataOf<unknown>(
      await stack.gql(
        bob.token,
        `query($c: ID!, $m: ID!) { channel(arn: $c) { name } message(channelArn: $c, messageId: $m) { content redacted } }`,
        { c: bobsChannel, m: bobsMessage },
      ),
    );
    expect(bobView).toEqual({ channel: { name: "Bob's" }, message: { content: "bob's message", redacted: false } });
    expect(await memberArns(bobsChannel)).toContain(bob.arn);
  });
});
