/**
 * Mobile push through the API over HTTP: the real handler with and without a push application, the
 * local endpoint (IAM with the server role's push policy), and what reached APNs or FCM read from the
 * push outbox. registerDevice, unregisterDevice, myDevices, setNotificationLevel, MyChannel's level,
 * and sendMessage's mentions and push.
 */
import { PutChannelMembershipPreferencesCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { RegisterAppInstanceUserEndpointCommand as RegisterEndpoint } from "@aws-sdk/client-chime-sdk-identity";
import { createChannel, dataOf, errorOf, signIn } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack, type ApiUser } from "../support/apiStack";
import { createPushApp, readOutbox } from "../support/push";

let stack: ApiStack;
let push: ApiServer;
let withContent: ApiServer;
let pushAppArn: string;
let alice: ApiUser;
let bob: ApiUser;

const outbox = () => ({ port: stack.t.endpoint.port, developerKey: stack.t.credentials.developer });

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
  pushAppArn = await createPushApp(outbox());
  // What a deployment with push grants the API's role (policies/server-role-push.json).
  stack.t.endpoint.account.setPushAppArn(pushAppArn);
  push = await stack.startApi({ CHIME_PUSH_APP_ARN: pushAppArn });
  withContent = await stack.startApi({ CHIME_PUSH_APP_ARN: pushAppArn, PUSH_INCLUDE_CONTENT: "true" });
  [alice, bob] = await Promise.all([stack.user("alice"), stack.user("bob")]);
  await Promise.all([alice, bob].map((user) => signIn(stack, user)));
});
afterAll(async () => {
  await stack?.close();
});

const DEVICE = "id platform name enabled state stateReason registeredAt";
const REGISTER = `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { ${DEVICE} } }`;
const MY_DEVICES = `{ myDevices { ${DEVICE} } }`;
const UNREGISTER = `mutation($id: ID, $token: String) { unregisterDevice(deviceId: $id, deviceToken: $token) }`;
const SET_LEVEL = `mutation($c: ID!, $l: NotificationLevel!) { setNotificationLevel(channelArn: $c, level: $l) }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId message { mentions } } }`;

interface DeviceData {
  id: string;
  platform: string;
  name: string | null;
  enabled: boolean;
  state: string;
  stateReason: string | null;
  registeredAt: string | null;
}

async function register(user: ApiUser, input: Record<string, unknown>, api = push): Promise<DeviceData> {
  return dataOf<{ registerDevice: DeviceData }>(await api.gql(user.token, REGISTER, { input })).registerDevice;
}

async function myDevices(user: ApiUser): Promise<DeviceData[]> {
  return dataOf<{ myDevices: DeviceData[] }>(await push.gql(user.token, MY_DEVICES)).myDevices;
}

async function send(api: ApiServer, user: ApiUser, input: Record<string, unknown>) {
  return dataOf<{ sendMessage: { messageId: string; message: { mentions: string[] } | null } }>(
    await api.gql(user.token, SEND, { input: { content: "hi", ...input } }),
  ).sendMessage;
}

async function pushesOf(messageId: string) {
  return (await readOutbox(outbox(), { limit: 1000 })).pushes.filter((entry) => entry.messageId === messageId);
}

describe("without a push application", () => {
  test("the device and level fields answer NOT_CONFIGURED", async () => {
    const channel = await createChannel(stack, alice, { name: "plain" });
    for (const [query, variables] of [
      [REGISTER, { input: { platform: "FCM", deviceToken: "t" } }],
      [MY_DEVICES, {}],
      [UNREGISTER, { id: "x" }],
      [SET_LEVEL, { c: channel.arn, l: "NONE" }],
      ["{ myChannels { edges { node { notificationLevel } } } }", {}],
    ] as const) {
      const response = await stack.gql(alice.token, query, variables);
      expect(errorOf(response, "NOT_CONFIGURED").message).toBe(
        "Push notifications are not configured for this deployment.",
      );
    }
  });

  test("sendMessage works as before: no push; mentions are the message's attributes", async () => {
    const channel = await createChannel(stack, alice, { name: "plain2", memberArns: [bob.arn] });
    const before = stack.proxy.calls.length;
    const plain = await send(stack, alice, { channelArn: channel.arn, pushTitle: "ignored" });
    const sent = stack.proxy.calls
      .slice(before)
      .find((call) => call.method === "POST" && call.path.endsWith("/messages"));
    expect(sent?.json).toMatchObject({ Content: "hi" });
    expect(sent?.json).not.toHaveProperty("PushNotification");
    expect(sent?.json).not.toHaveProperty("MessageAttributes");
    expect(plain.message?.mentions).toEqual([]);
    const mentioning = await send(stack, alice, { channelArn: channel.arn, mentions: [bob.arn] });
    expect(mentioning.message?.mentions).toEqual([bob.arn]);
    expect(await pushesOf(mentioning.messageId)).toEqual([]);
  });
});

describe("devices", () => {
  test("registering the same token twice leaves one device; a new name is taken", async () => {
    const user = await stack.user("dana");
    const first = await register(user, { platform: "APNS", deviceToken: "aa11", name: "iPhone" });
    expect(first).toMatchObject({
      platform: "APNS",
      name: "iPhone",
      enabled: true,
      state: "ACTIVE",
      stateReason: null,
    });
    expect(first.registeredAt).not.toBeNull();
    const again = await register(user, { platform: "APNS", deviceToken: "aa11" });
    expect(again.id).toBe(first.id);
    const renamed = await register(user, { platform: "APNS", deviceToken: "aa11", name: "Dana's iPhone" });
    expect(renamed).toMatchObject({ id: first.id, name: "Dana's iPhone" });
    expect(await myDevices(user)).toEqual([{ ...renamed, registeredAt: null }]);
  });

  test("a new VoIP token, platform or state replaces the registration of that token; other tokens stay", async () => {
    const user = await stack.user("eve");
    const phone = await register(user, { platform: "APNS", deviceToken: "bb22" });
    const tablet = await register(user, { platform: "FCM", deviceToken: "fcm:cc33" });
    const voip = await register(user, { platform: "APNS", deviceToken: "bb22", voipDeviceToken: "voip1" });
    expect(voip.id).not.toBe(phone.id);
    const ids = (await myDevices(user)).map((device) => device.id).sort();
    expect(ids).toEqual([tablet.id, voip.id].sort());
  });

  test("at the 10-device limit, INACTIVE devices make room; ten active ones are CONFLICT", async () => {
    const user = await stack.user("finn");
    await signIn(push, user);
    // Two devices Chime made INACTIVE (registered with the developer key against an app that does not exist).
    for (const token of ["dead1", "dead2"]) {
      await stack.t.identity.send(
        new RegisterEndpoint({
          AppInstanceUserArn: user.arn,
          Type: "GCM",
          ResourceArn: pushAppArn.replace(/apps\/.*/, "apps/0000"),
          EndpointAttributes: { DeviceToken: token },
          ClientRequestToken: `finn-${token}`,
        }),
      );
    }
    for (let i = 0; i < 8; i++) await register(user, { platform: "FCM", deviceToken: `finn${i}` });
    expect((await myDevices(user)).filter((device) => device.state === "INACTIVE")).toHaveLength(2);
    await register(user, { platform: "FCM", deviceToken: "finn8" });
    await register(user, { platform: "FCM", deviceToken: "finn9" });
    const devices = await myDevices(user);
    expect(devices).toHaveLength(10);
    expect(devices.every((device) => device.state === "ACTIVE")).toBe(true);
    const full = await push.gql(user.token, REGISTER, { input: { platform: "FCM", deviceToken: "finn10" } });
    errorOf(full, "CONFLICT");
  });

  test("unregisterDevice by id or by token; false when there was nothing; one of the two must be given", async () => {
    const user = await stack.user("gus");
    const a = await register(user, { platform: "FCM", deviceToken: "gus-a" });
    await register(user, { platform: "FCM", deviceToken: "gus-b" });
    expect(dataOf(await push.gql(user.token, UNREGISTER, { id: a.id }))).toEqual({ unregisterDevice: true });
    expect(dataOf(await push.gql(user.token, UNREGISTER, { id: a.id }))).toEqual({ unregisterDevice: false });
    expect(dataOf(await push.gql(user.token, UNREGISTER, { token: "gus-b" }))).toEqual({ unregisterDevice: true });
    expect(await myDevices(user)).toEqual([]);
    errorOf(await push.gql(user.token, UNREGISTER, {}), "BAD_USER_INPUT");
    errorOf(await push.gql(user.token, UNREGISTER, { id: "x", token: "y" }), "BAD_USER_INPUT");
  });

  test("another user's device cannot be removed: it is not among the caller's", async () => {
    const owner = await stack.user("hal");
    const device = await register(owner, { platform: "FCM", deviceToken: "hal-a" });
    expect(dataOf(await push.gql(alice.token, UNREGISTER, { id: device.id }))).toEqual({ unregisterDevice: false });
    expect((await myDevices(owner)).map((d) => d.id)).toEqual([device.id]);
  });

  test("input checks: a token with spaces, a VoIP token for FCM, a name too long", async () => {
    for (const input of [
      { platform: "FCM", deviceToken: "has space" },
      { platform: "FCM", deviceToken: "t", voipDeviceToken: "v" },
      { platform: "APNS", deviceToken: "t", name: "n".repeat(101) },
    ]) {
      errorOf(await push.gql(alice.token, REGISTER, { input }), "BAD_USER_INPUT");
    }
  });
});

describe("pushes of sendMessage", () => {
  let channelArn: string;
  let aliceDevice: string;
  let bobDevice: string;
  beforeAll(async () => {
    channelArn = (await createChannel(stack, alice, { name: "Team chat", memberArns: [bob.arn] })).arn;
    aliceDevice = (await register(alice, { platform: "APNS", deviceToken: "alice-phone" })).id;
    bobDevice = (await register(bob, { platform: "FCM", deviceToken: "bob-phone" })).id;
  });

  test("the sender never gets their own push; the default title is the channel, the body the sender's name only", async () => {
    const { messageId } = await send(push, alice, { channelArn, content: "secret plans" });
    const pushes = await pushesOf(messageId);
    expect(pushes.map((entry) => entry.endpointId)).toEqual([bobDevice]);
    expect(pushes[0]).toMatchObject({ title: "Team chat", body: "New message from alice" });
    expect(JSON.stringify(pushes[0])).not.toContain("secret plans");
    expect(pushes.map((entry) => entry.endpointId)).not.toContain(aliceDevice);
  });

  test("where the deployment allows it, the body quotes the message; given title and body win", async () => {
    const quoted = await send(withContent, alice, { channelArn, content: "lunch?" });
    expect((await pushesOf(quoted.messageId))[0]).toMatchObject({ body: "alice: lunch?" });
    const given = await send(push, alice, { channelArn, pushTitle: "Ping", pushBody: "Open the app" });
    expect((await pushesOf(given.messageId))[0]).toMatchObject({ title: "Ping", body: "Open the app" });
    errorOf(
      await push.gql(alice.token, SEND, { input: { channelArn, content: "x", pushTitle: "t".repeat(51) } }),
      "BAD_USER_INPUT",
    );
    errorOf(await push.gql(alice.token, SEND, { input: { channelArn, content: "x", pushBody: "" } }), "BAD_USER_INPUT");
  });

  test("levels: MENTIONS gets only messages that mention the member, NONE nothing, ALL everything but their own", async () => {
    const level = async (user: ApiUser, l: string) =>
      dataOf<{ setNotificationLevel: string }>(await push.gql(user.token, SET_LEVEL, { c: channelArn, l }))
        .setNotificationLevel;
    const levelOf = async (user: ApiUser) =>
      dataOf<{ myChannels: { edges: { node: { channel: { arn: string }; notificationLevel: string } }[] } }>(
        await push.gql(user.token, "{ myChannels { edges { node { channel { arn } notificationLevel } } } }"),
      ).myChannels.edges.find((edge) => edge.node.channel.arn === channelArn)?.node.notificationLevel;
    const bobGets = async (input: Record<string, unknown>) =>
      (await pushesOf((await send(push, alice, { channelArn, ...input })).messageId)).some(
        (e) => e.endpointId === bobDevice,
      );

    expect(await levelOf(bob)).toBe("ALL");
    expect(await level(bob, "MENTIONS")).toBe("MENTIONS");
    expect(await levelOf(bob)).toBe("MENTIONS");
    expect(await bobGets({})).toBe(false);
    const mentioning = await send(push, alice, { channelArn, mentions: [bob.arn] });
    expect(mentioning.message?.mentions).toEqual([bob.arn]);
    expect((await pushesOf(mentioning.messageId)).map((e) => e.endpointId)).toEqual([bobDevice]);
    await level(bob, "NONE");
    expect(await bobGets({ mentions: [bob.arn] })).toBe(false);
    await level(bob, "ALL");
    expect(await bobGets({})).toBe(true);
    // Bob's own message does not come back to him at ALL.
    const own = await send(push, bob, { channelArn });
    expect((await pushesOf(own.messageId)).map((e) => e.endpointId)).toEqual([aliceDevice]);
    errorOf(await push.gql(bob.token, SET_LEVEL, { c: channelArn, l: "CUSTOM" }), "BAD_USER_INPUT");
  });

  test("a rule set with Chime directly reads CUSTOM", async () => {
    const user = await stack.user("ivan");
    const channel = await createChannel(stack, user, { name: "custom" });
    await stack.t.messaging.send(
      new PutChannelMembershipPreferencesCommand({
        ChannelArn: channel.arn,
        MemberArn: user.arn,
        ChimeBearer: user.arn,
        Preferences: { PushNotifications: { AllowNotifications: "FILTERED", FilterRule: '{"topic":["news"]}' } },
      }),
    );
    const { myChannels } = dataOf<{ myChannels: { edges: { node: { notificationLevel: string } }[] } }>(
      await push.gql(user.token, "{ myChannels { edges { node { notificationLevel } } } }"),
    );
    expect(myChannels.edges.map((edge) => edge.node.notificationLevel)).toEqual(["CUSTOM"]);
  });

  test("typing signals, NON_PERSISTENT and CONTROL messages carry no push", async () => {
    const before = stack.proxy.calls.length;
    dataOf(await push.gql(alice.token, `mutation($c: ID!) { signalTyping(channelArn: $c) }`, { c: channelArn }));
    await send(push, alice, { channelArn, persistence: "NON_PERSISTENT" });
    await send(push, alice, { channelArn, type: "CONTROL", content: "ping" });
    const sends = stack.proxy.calls
      .slice(before)
      .filter((call) => call.method === "POST" && call.path.endsWith("/messages"));
    expect(sends).toHaveLength(3);
    for (const call of sends) {
      expect(call.json).toHaveProperty("Content");
      expect(call.json).not.toHaveProperty("PushNotification");
    }
  });

  test("mentions: user ARNs of the app, at most 20", async () => {
    errorOf(
      await push.gql(alice.token, SEND, { input: { channelArn, content: "x", mentions: ["bob"] } }),
      "BAD_USER_INPUT",
    );
    const many = Array.from({ length: 21 }, (_, i) => `${stack.appInstanceArn}/user/u${i}`);
    errorOf(
      await push.gql(alice.token, SEND, { input: { channelArn, content: "x", mentions: many } }),
      "BAD_USER_INPUT",
    );
  });
});

describe("large channels", () => {
  test("no push from the API: nobody's device, the sender's preferences untouched; the level reads NONE and cannot be set", async () => {
    const { createChannel: large } = dataOf<{ createChannel: { arn: string } }>(
      await push.gql(alice.token, `mutation($input: CreateChannelInput!) { createChannel(input: $input) { arn } }`, {
        input: {
          name: "Live final",
          elastic: { maximumSubChannels: 2, targetMembersPerSubChannel: 10, minimumMembershipPercentage: 10 },
        },
      }),
    );
    dataOf(
      await push.gql(
        alice.token,
        `mutation($input: AddMembersInput!) { addMembers(input: $input) { errors { memberArn } } }`,
        { input: { channelArn: large.arn, memberArns: [bob.arn] } },
      ),
    );
    await register(bob, { platform: "FCM", deviceToken: "bob-large-phone" });
    const before = stack.proxy.calls.length;
    const sent = await send(push, bob, { channelArn: large.arn, content: "goal!", mentions: [alice.arn] });
    expect(sent.message?.mentions).toEqual([alice.arn]);
    expect(await pushesOf(sent.messageId)).toEqual([]);
    const calls = stack.proxy.calls.slice(before);
    const sends = calls.filter((call) => call.method === "POST" && call.path.endsWith("/messages"));
    expect(sends.length).toBeGreaterThan(0);
    for (const call of sends) {
      expect(call.json).not.toHaveProperty("PushNotification");
      expect(call.json).toMatchObject({
        MessageAttributes: { mentions: { StringValues: [alice.arn.split("/").pop()] } },
      });
      expect(call.json).not.toHaveProperty("MessageAttributes.sender");
    }
    expect(calls.some((call) => call.path.endsWith("/preferences"))).toBe(false);

    const levels = dataOf<{
      myChannels: { edges: { node: { channel: { arn: string }; notificationLevel: string } }[] };
    }>(await push.gql(bob.token, "{ myChannels { edges { node { channel { arn } notificationLevel } } } }")).myChannels
      .edges;
    expect(levels.find((edge) => edge.node.channel.arn === large.arn)?.node.notificationLevel).toBe("NONE");
    errorOf(await push.gql(bob.token, SET_LEVEL, { c: large.arn, l: "MENTIONS" }), "BAD_USER_INPUT");
  });
});
