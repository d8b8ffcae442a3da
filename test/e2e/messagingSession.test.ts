/**
 * End to end: an unmodified amazon-chime-sdk-js DefaultMessagingSession in Node, against the local
 * endpoint with TLS on. Each user has credentials vended by STS AssumeRole with the session tag (as
 * the API's `credentials` mutation vends them); the SDK looks the socket host up itself and connects
 * to wss://<host>:<tlsPort>/connect, trusting the endpoint's certificate as a Node client does (`ca`).
 */
import { GetMessagingSessionEndpointCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { PrefetchOn, PrefetchSortBy } from "amazon-chime-sdk-js";
import type { RequestLogEntry } from "../../local/endpoint/server";
import { createChannel, sendMessage } from "../support/channels";
import { PlainWebSocketSigV4 } from "../support/plainWebSocketSigV4";
import type { AppFixture, TestEndpoint } from "../support/localEndpoint";
import {
  sdkSession,
  startRefusal,
  startSdkSessionEndpoint,
  type SdkSession,
  type SdkSessionEndpoint,
  type SdkSessionOptions,
} from "../support/sdkMessagingSession";
import { assumeUserRole, messagingClientWith, type SessionCredentials } from "../support/sts";
import type { WebSocketGlobals } from "../support/webSocketGlobals";

const ISO_WITH_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
let endpoint: SdkSessionEndpoint;
let t: TestEndpoint;
let app: AppFixture;
let globals: WebSocketGlobals;
/** Added to the endpoint's clock: moves its time without touching the clients'. */
let clockOffsetMs = 0;
const requests: RequestLogEntry[] = [];
const credentials: Record<string, SessionCredentials> = {};
const open: SdkSession[] = [];

beforeAll(async () => {
  endpoint = await startSdkSessionEndpoint(["alice", "bob", "carol", "dave"], {
    clock: { now: () => new Date(Date.now() + clockOffsetMs) },
    log: (entry) => requests.push(entry),
  });
  ({ t, app, globals } = endpoint);
  for (const user of ["alice", "bob", "carol", "dave"]) credentials[user] = await assumeUserRole(t, user);
});
afterEach(() => {
  clockOffsetMs = 0;
  for (const session of open.splice(0)) session.close();
});
afterAll(() => endpoint?.close());

/** A session for `user`; its REST client reaches the endpoint over HTTPS (TLS port) or plain HTTP. */
function sessionFor(user: string, options: Partial<SdkSessionOptions> & { over?: "https" | "http" } = {}) {
  const session = sdkSession({
    endpoint: options.over === "http" ? t.endpoint.url : (t.endpoint.tlsUrl as string),
    ca: endpoint.ca,
    credentials: credentials[user],
    userArn: app.users[user],
    ...options,
  });
  open.push(session);
  return session;
}

async function connected(user: string, options: Parameters<typeof sessionFor>[1] = {}): Promise<SdkSession> {
  const session = sessionFor(user, options);
  await session.session.start();
  return session;
}

test("GetMessagingSessionEndpoint names the TLS port, over HTTP and over HTTPS", async () => {
  const expected = `127.0.0.1:${t.endpoint.tlsPort}`;
  expect(t.endpoint.messagingSessionUrl).toBe(expected);
  for (const session of [sessionFor("alice", { over: "http" }), sessionFor("alice", { over: "https" })]) {
    const { Endpoint } = await session.chime.send(new GetMessagingSessionEndpointCommand({}));
    expect(Endpoint?.Url).toBe(expected);
  }
});

test("alice connects over wss://; bob's message reaches her observer; carol, not a member, gets only her own channel's", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  const carolsChannel = await createChannel(t.messaging, app, { owner: "carol", members: ["dave"] });
  const firstSocket = globals.opened.length;
  const alice = await connected("alice", { over: "https" });
  const carol = await connected("carol", { over: "http" });
  // start() resolved: SESSION_ESTABLISHED came; the SDK opened one socket each, to wss://, on the TLS port.
  expect(alice.observer.lifecycle).toEqual(["connecting", "started"]);
  const sockets = globals.opened.slice(firstSocket);
  expect(sockets).toHaveLength(2);
  for (const url of sockets) expect(url).toMatch(new RegExp(`^wss://127\\.0\\.0\\.1:${t.endpoint.tlsPort}/connect\\?`));

  const bob = messagingClientWith(t, credentials.bob);
  try {
    const messageId = await sendMessage(bob, channelArn, app.users.bob, "hello alice");
    const [received] = await alice.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, channelArn);
    expect(received.messageType).toBe("STANDARD");
    expect(received.message.headers).toMatchObject({
      "x-amz-chime-event-type": "CREATE_CHANNEL_MESSAGE",
      "x-amz-chime-message-type": "STANDARD",
    });
    expect(received.payload).toMatchObject({
      ChannelArn: channelArn,
      MessageId: messageId,
      Content: "hello alice",
      Sender: { Arn: app.users.bob, Name: "bob" },
      Persistence: "PERSISTENT",
      Type: "STANDARD",
    });
    expect(received.payload?.CreatedTimestamp).toMatch(ISO_WITH_MS);
    expect(received.payload?.LastUpdatedTimestamp).toMatch(ISO_WITH_MS);

    // Sent after bob's message was delivered: had carol been sent bob's, it would have come first.
    const sentinel = await sendMessage(t.messaging, carolsChannel, app.users.dave, "sentinel");
    await carol.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, carolsChannel);
    expect(carol.observer.of("CREATE_CHANNEL_MESSAGE").map((m) => m.payload?.MessageId)).toEqual([sentinel]);
  } finally {
    bob.destroy();
  }
});

test("a channel created with bob as a member reaches bob's open session at once, as his membership", async () => {
  const bob = await connected("bob");
  const alice = messagingClientWith(t, credentials.alice);
  try {
    const channelArn = await createChannel(alice, app, { owner: "alice", members: ["bob"] });
    const events = await bob.observer.waitFor("CREATE_CHANNEL_MEMBERSHIP", 2, channelArn);
    expect(events.map((e) => (e.payload?.Member as { Arn: string }).Arn).sort()).toEqual(
      [app.users.alice, app.users.bob].sort(),
    );
    expect(events[0].payload).toMatchObject({ ChannelArn: channelArn, InvitedBy: { Arn: app.users.alice } });
  } finally {
    alice.destroy();
  }
});

test("alice's credentials naming bob's userArn: closed with 4401, start() rejects, no retry", async () => {
  const before = globals.opened.length;
  const impostor = sessionFor("alice", { userArn: app.users.bob });
  const closed = await startRefusal(impostor.session.start());
  expect(closed.code).toBe(4401);
  expect(impostor.observer.lifecycle).toEqual(["connecting"]);
  // A session that works afterwards: by then, a retry of the refused one would have opened a socket too.
  await connected("bob");
  expect(globals.opened.slice(before)).toHaveLength(2);
  expect(globals.opened[before]).toContain(`userArn=${encodeURIComponent(app.users.bob)}`);
});

test("expired credentials: the socket is closed with 4401, start() rejects once, nothing is retried", async () => {
  const short = await assumeUserRole(t, "alice", { DurationSeconds: 900 });
  // Sixteen minutes later for the endpoint, the credentials have expired.
  clockOffsetMs = 16 * 60_000;
  const before = { sockets: globals.opened.length, requests: requests.length };
  // The socket host is already known (the deprecated endpointUrl argument), as after an earlier lookup:
  // the first attempt goes straight to the socket, where the credentials are checked.
  const session = sessionFor("alice", { credentials: short, endpointUrl: t.endpoint.messagingSessionUrl });
  const closed = await startRefusal(session.session.start());
  expect(closed.code).toBe(4401);
  expect(closed.reason).toBe("The security token included in the request is expired");
  expect(session.observer.lifecycle).toEqual(["connecting"]);
  // It made no REST call (the host was known), and its one socket was refused.
  expect(requests.slice(before.requests)).toEqual([]);
  expect(globals.opened.length - before.sockets).toBe(1);
  // The REST side refuses the same credentials as ExpiredTokenException.
  await expect(session.chime.send(new GetMessagingSessionEndpointCommand({}))).rejects.toMatchObject({
    name: "ExpiredTokenException",
  });
  // A session that works afterwards: by then, a retry of the refused one would have opened a socket too.
  clockOffsetMs = 0;
  await connected("carol");
  expect(globals.opened.length - before.sockets).toBe(2);
});

test("prefetch-on=connect set through the SDK's configuration yields CHANNEL_DETAILS after the session starts", async () => {
  const quiet = await createChannel(t.messaging, app, { owner: "dave" });
  const busy = await createChannel(t.messaging, app, { owner: "dave", members: ["carol"] });
  for (let i = 0; i < 3; i++) await sendMessage(t.messaging, busy, app.users.carol, `m${i}`);
  const dave = await connected("dave", {
    configure: (configuration) => {
      configuration.prefetchOn = PrefetchOn.Connect;
      configuration.prefetchSortBy = PrefetchSortBy.LastMessageTimestamp;
    },
  });
  expect(globals.opened.at(-1)).toContain("prefetch-on=connect&prefetch-sort-by=last-message-timestamp");
  const count = t.endpoint.services.store.listMembershipsOfUser(app.users.dave, undefined, 50).items.length;
  const details = await dave.observer.waitFor("CHANNEL_DETAILS", count);
  expect(details.every((d) => d.messageType === "SYSTEM")).toBe(true);
  type Details = {
    Channel: { ChannelArn: string; LastMessageTimestamp?: string };
    ChannelMessages: { Content: string }[];
  };
  const channels = details.map((d) => d.payload as unknown as Details);
  expect(channels[0].Channel.ChannelArn).toBe(busy);
  expect(channels[0].Channel.LastMessageTimestamp).toMatch(ISO_WITH_MS);
  expect(channels[0].ChannelMessages.map((m) => m.Content)).toEqual(["m2", "m1", "m0"]);
  expect(channels.map((c) => c.Channel.ChannelArn)).toContain(quiet);
});

test("the ws:// option: a SigV4 that signs ws://<http host>/connect; no certificate involved", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "bob", members: ["alice"] });
  const plainHost = new URL(t.endpoint.url).host;
  const alice = await connected("alice", {
    over: "http",
    ca: undefined,
    sigV4: (chime) => new PlainWebSocketSigV4(chime, plainHost),
  });
  expect(globals.opened.at(-1)).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${t.endpoint.port}/connect\\?`));
  const messageId = await sendMessage(t.messaging, channelArn, app.users.bob, "over plain ws");
  const [received] = await alice.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, channelArn);
  expect(received.payload?.MessageId).toBe(messageId);
});
