/**
 * Push delivery over real HTTP: members, devices and preferences set up through the official SDK
 * clients, messages sent with SendChannelMessage, and the push outbox read from its URL (signed with
 * the developer key). The expected recipients are the developer guide's rules ("Using mobile push
 * notifications", "Using filter rules"), written here case by case, not read from the implementation.
 */
import {
  CreateChannelBanCommand,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  DeleteChannelMembershipCommand,
  ListChannelMembershipsCommand,
  ListSubChannelsCommand,
  PutChannelMembershipPreferencesCommand,
  SendChannelMessageCommand,
  type SendChannelMessageRequest,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../support/channels";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../support/localEndpoint";
import { createPushApp, readOutbox, registerDevice, type OutboxPush } from "../support/push";
import { signedRequest } from "../support/signedHttp";

let t: TestEndpoint;
let app: AppFixture;
let pushAppArn: string;
let channelArn: string;
/** Each user's one device (endpoint id). */
const device: Record<string, string> = {};

const USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivy", "jay"];
const target = () => ({ port: t.endpoint.port, developerKey: t.credentials.developer });

beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, [...USERS, "owner"]);
  pushAppArn = await createPushApp(target());
  const u = app.users;
  channelArn = await createChannel(t.messaging, app, {
    owner: "owner",
    mode: "RESTRICTED",
    members: ["alice", "bob", "carol", "dave", "frank", "gina", "hank", "ivy", "jay"],
  });
  // erin observes: a HIDDEN member.
  await t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channelArn,
      MemberArn: u.erin,
      Type: "HIDDEN",
      ChimeBearer: u.owner,
    }),
  );
  for (const id of USERS.filter((user) => user !== "jay" && user !== "hank" && user !== "ivy")) {
    device[id] = await registerDevice(t.identity, u[id], pushAppArn, { type: "GCM", token: `fcm-${id}` });
  }
  // hank's device names no push app of the account: registered INACTIVE (INVALID_PINPOINT_ARN).
  device.hank = await registerDevice(
    t.identity,
    u.hank,
    "arn:aws:mobiletargeting:us-east-1:111122223333:apps/00000000000000000000000000000000",
  );
  // ivy opted her device out of every message.
  device.ivy = await registerDevice(t.identity, u.ivy, pushAppArn, { allowMessages: "NONE" });
  // carol muted the channel; dave wants mentions of him only.
  const preferences = async (id: string, AllowNotifications: "NONE" | "FILTERED", FilterRule?: string) =>
    t.messaging.send(
      new PutChannelMembershipPreferencesCommand({
        ChannelArn: channelArn,
        MemberArn: u[id],
        ChimeBearer: u[id],
        Preferences: { PushNotifications: { AllowNotifications, FilterRule } },
      }),
    );
  await preferences("carol", "NONE");
  await preferences("dave", "FILTERED", JSON.stringify({ mentions: ["dave"] }));
  // frank is banned, gina left.
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channelArn, MemberArn: u.frank, ChimeBearer: u.owner }),
  );
  await t.messaging.send(
    new DeleteChannelMembershipCommand({ ChannelArn: channelArn, MemberArn: u.gina, ChimeBearer: u.gina }),
  );
});
afterAll(() => t.close());

async function send(input: Partial<SendChannelMessageRequest> = {}): Promise<string> {
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.alice,
      Content: "hello",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      PushNotification: { Title: "General", Body: "alice: hello", Type: "DEFAULT" },
      ...input,
    }),
  );
  return MessageId as string;
}

async function pushesOf(messageId: string): Promise<OutboxPush[]> {
  return (await readOutbox(target(), { limit: 1000 })).pushes.filter((push) => push.messageId === messageId);
}

/** Who got the message: user id -> the device it went to. */
async function recipients(messageId: string): Promise<Record<string, string>> {
  const byArn = Object.fromEntries(Object.entries(app.users).map(([id, arn]) => [arn, id]));
  return Object.fromEntries((await pushesOf(messageId)).map((push) => [byArn[push.userArn], push.endpointId]));
}

const expected = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, device[id]]));

describe("who gets a message's push", () => {
  // Everyone with an active device who did not opt out: the sender too ("including message senders"),
  // the hidden member, and dave because the message mentions him.
  test("a message mentioning dave: alice (the sender), bob, dave, erin (hidden)", async () => {
    const id = await send({ MessageAttributes: { mentions: { StringValues: ["dave"] } } });
    expect(await recipients(id)).toEqual(expected("alice", "bob", "dave", "erin"));
  });

  test("the same without a mention: dave's filter keeps it out", async () => {
    const id = await send({ MessageAttributes: { mentions: { StringValues: ["bob"] } } });
    expect(await recipients(id)).toEqual(expected("alice", "bob", "erin"));
    const bare = await send();
    expect(await recipients(bare)).toEqual(expected("alice", "bob", "erin"));
  });

  test("nobody: carol muted (NONE), frank banned, gina left, hank's endpoint INACTIVE, ivy's AllowMessages NONE, jay has no device", async () => {
    const id = await send({
      MessageAttributes: { mentions: { StringValues: ["carol", "frank", "gina", "hank", "ivy", "jay"] } },
    });
    const got = await recipients(id);
    for (const id of ["carol", "frank", "gina", "hank", "ivy", "jay"]) expect(got[id]).toBeUndefined();
  });

  test("a NON_PERSISTENT message is pushed to nobody", async () => {
    const id = await send({
      Persistence: "NON_PERSISTENT",
      MessageAttributes: { mentions: { StringValues: ["dave"] } },
    });
    expect(await recipients(id)).toEqual({});
  });

  test("a CONTROL message with a push configuration is pushed as a STANDARD one", async () => {
    const id = await send({ Type: "CONTROL", Content: "ping" });
    expect(await recipients(id)).toEqual(expected("alice", "bob", "erin"));
  });

  test("a message without a push configuration is pushed to nobody", async () => {
    const id = await send({ PushNotification: undefined });
    expect(await recipients(id)).toEqual({});
  });

  test("a targeted message reaches only its sender and its target", async () => {
    const id = await send({ Target: [{ MemberArn: app.users.bob }] });
    expect(await recipients(id)).toEqual(expected("alice", "bob"));
  });

  test("a retry with the same ClientRequestToken pushes nothing twice", async () => {
    const first = await send({ ClientRequestToken: "push-retry" });
    const again = await send({ ClientRequestToken: "push-retry" });
    expect(again).toBe(first);
    expect((await pushesOf(first)).length).toBe(3);
  });
});

test("the sender's own push: kept out by a filter rule on the sender, as the guide advises", async () => {
  const a = await createApp(t.identity, ["sender", "reader"]);
  const channel = await createChannel(t.messaging, a, { owner: "sender", members: ["reader"] });
  const senderDevice = await registerDevice(t.identity, a.users.sender, pushAppArn, { type: "APNS" });
  const readerDevice = await registerDevice(t.identity, a.users.reader, pushAppArn, { type: "APNS" });
  for (const id of ["sender", "reader"]) {
    await t.messaging.send(
      new PutChannelMembershipPreferencesCommand({
        ChannelArn: channel,
        MemberArn: a.users[id],
        ChimeBearer: a.users[id],
        Preferences: {
          PushNotifications: {
            AllowNotifications: "FILTERED",
            FilterRule: JSON.stringify({ sender: [{ "anything-but": [id] }] }),
          },
        },
      }),
    );
  }
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channel,
      ChimeBearer: a.users.sender,
      Content: "hi",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      PushNotification: { Title: "t", Body: "b" },
      MessageAttributes: { sender: { StringValues: ["sender"] } },
    }),
  );
  const pushes = await pushesOf(MessageId as string);
  expect(pushes.map((push) => push.endpointId)).toEqual([readerDevice]);
  expect(pushes.map((push) => push.endpointId)).not.toContain(senderDevice);
});

test("an elastic channel's message: the members of its sub-channel, the sender too, and nobody of another", async () => {
  const a = await createApp(t.identity, ["owner", "m1", "m2", "m3", "m4"]);
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: a.appInstanceArn,
      Name: "live event",
      ChimeBearer: a.users.owner,
      // Two sub-channels of two: the third member makes the second sub-channel.
      ElasticChannelConfiguration: {
        MaximumSubChannels: 2,
        TargetMembershipsPerSubChannel: 2,
        MinimumMembershipPercentage: 1,
      },
    }),
  );
  const elastic = ChannelArn as string;
  const devices: Record<string, string> = {};
  for (const id of ["m1", "m2", "m3", "m4"]) {
    await t.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: elastic,
        MemberArn: a.users[id],
        Type: "DEFAULT",
        ChimeBearer: a.users.owner,
      }),
    );
    devices[a.users[id]] = await registerDevice(t.identity, a.users[id], pushAppArn);
  }
  const { SubChannels } = await t.messaging.send(
    new ListSubChannelsCommand({ ChannelArn: elastic, ChimeBearer: a.users.owner }),
  );
  const membersOf = async (subChannelId: string) =>
    (
      (
        await t.messaging.send(
          new ListChannelMembershipsCommand({
            ChannelArn: elastic,
            SubChannelId: subChannelId,
            ChimeBearer: a.users.owner,
          }),
        )
      ).ChannelMemberships ?? []
    ).map((membership) => membership.Member?.Arn as string);
  const [first, second] = (SubChannels ?? []).map((sub) => sub.SubChannelId as string);
  const [here, there] = [await membersOf(first), await membersOf(second)];
  expect([here.length, there.length]).toEqual([2, 2]);

  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: elastic,
      SubChannelId: first,
      ChimeBearer: here[0],
      Content: "goal!",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      PushNotification: { Title: "live event", Body: "goal!" },
    }),
  );
  const pushes = await pushesOf(MessageId as string);
  expect(Object.fromEntries(pushes.map((push) => [push.userArn, push.endpointId]))).toEqual(
    Object.fromEntries(here.map((arn) => [arn, devices[arn]])),
  );
});

describe("what goes to APNs and FCM", () => {
  let a: AppFixture;
  let channel: string;
  const endpoints: Record<string, string> = {};
  beforeAll(async () => {
    a = await createApp(t.identity, ["s", "android", "iphone", "iphoneVoip", "dev"]);
    channel = await createChannel(t.messaging, a, { owner: "s", members: ["android", "iphone", "iphoneVoip", "dev"] });
    endpoints.android = await registerDevice(t.identity, a.users.android, pushAppArn, {
      type: "GCM",
      token: "fcm-token",
    });
    endpoints.iphone = await registerDevice(t.identity, a.users.iphone, pushAppArn, {
      type: "APNS",
      token: "apns-token",
    });
    endpoints.iphoneVoip = await registerDevice(t.identity, a.users.iphoneVoip, pushAppArn, {
      type: "APNS",
      token: "apns-2",
      voipToken: "voip-token",
    });
    endpoints.dev = await registerDevice(t.identity, a.users.dev, pushAppArn, {
      type: "APNS_SANDBOX",
      token: "sandbox-token",
    });
  });

  const sendFrom = async (push: SendChannelMessageRequest["PushNotification"]) => {
    const { MessageId } = await t.messaging.send(
      new SendChannelMessageCommand({
        ChannelArn: channel,
        ChimeBearer: a.users.s,
        Content: "x",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
        PushNotification: push,
      }),
    );
    const pushes = await pushesOf(MessageId as string);
    return { messageId: MessageId as string, by: (id: string) => pushes.find((p) => p.endpointId === endpoints[id]) };
  };

  test("FCM: the data message of AWS's documented payload; APNs: the alert, and the same data", async () => {
    const { messageId, by } = await sendFrom({ Title: "Team", Body: "s: x" });
    const jsonBody = { "chime.message_id": messageId, "chime.channel_arn": channel };
    expect(by("android")).toMatchObject({
      userArn: a.users.android,
      endpointType: "GCM",
      deviceToken: "fcm-token",
      pinpointChannel: "GCM",
      pushAppArn,
      channelArn: channel,
      senderArn: a.users.s,
      pushType: "DEFAULT",
      title: "Team",
      body: "s: x",
      payload: {
        data: {
          "pinpoint.openApp": "true",
          "pinpoint.notification.title": "Team",
          "pinpoint.notification.body": "s: x",
          "pinpoint.campaign.campaign_id": "_DIRECT",
          "pinpoint.notification.silentPush": "0",
          "pinpoint.jsonBody": JSON.stringify(jsonBody),
        },
      },
    });
    expect(by("iphone")).toMatchObject({
      deviceToken: "apns-token",
      pinpointChannel: "APNS",
      payload: { aps: { alert: { title: "Team", body: "s: x" } }, data: { jsonBody } },
    });
    expect(by("dev")).toMatchObject({ deviceToken: "sandbox-token", pinpointChannel: "APNS_SANDBOX" });
  });

  test("VOIP: to APNs VoIP tokens through the VoIP channel, no alert; FCM gets its usual message; no VoIP token, no push", async () => {
    const { by } = await sendFrom({ Title: "Call", Body: "s is calling", Type: "VOIP" });
    expect(by("iphoneVoip")).toMatchObject({
      deviceToken: "voip-token",
      pinpointChannel: "APNS_VOIP",
      pushType: "VOIP",
      payload: { aps: {} },
    });
    expect(by("android")).toMatchObject({ pinpointChannel: "GCM", pushType: "VOIP" });
    expect(by("iphone")).toBeUndefined();
    expect(by("dev")).toBeUndefined();
  });
});

describe("the outbox URL", () => {
  test("newest first, one user's with ?user=, paged with before", async () => {
    const first = await send();
    const second = await send();
    const bobs = await readOutbox(target(), { userArn: app.users.bob, limit: 2 });
    expect(bobs.pushes.map((push) => push.messageId)).toEqual([second, first]);
    expect(bobs.pushes.every((push) => push.userArn === app.users.bob)).toBe(true);
    expect(bobs.pushes[0].seq).toBeGreaterThan(bobs.pushes[1].seq);
    const older = await readOutbox(target(), { userArn: app.users.bob, limit: 2, before: bobs.before });
    expect(older.pushes.every((push) => push.seq < bobs.pushes[1].seq)).toBe(true);
  });

  test("only the developer key reads it: unsigned, the server key and any web page are refused", async () => {
    const path = "/_local/push/outbox";
    const unsigned = await signedRequest({
      port: t.endpoint.port,
      method: "GET",
      path,
      credentials: t.credentials.developer,
      unsigned: true,
    });
    expect(unsigned.status).toBe(403);
    const server = await signedRequest({
      port: t.endpoint.port,
      method: "GET",
      path,
      credentials: t.credentials.server,
    });
    expect(server.status).toBe(403);
    expect(server.body).not.toContain("pinpoint");
    const page = await signedRequest({
      port: t.endpoint.port,
      method: "GET",
      path,
      credentials: t.credentials.developer,
      headers: { origin: "http://localhost:5173" },
    });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain("pinpoint");
    expect(t.endpoint.pushOutboxUrl).toBe(`${t.endpoint.url}${path}`);
  });
});
