/**
 * The whole client flow, end to end, as a web or mobile app lives it: users sign in with cognito-local,
 * get credentials from the GraphQL API's `credentials` mutation (the real handler, served as API
 * Gateway calls it), call Chime with the official SDK client, and hold an unmodified
 * amazon-chime-sdk-js DefaultMessagingSession over wss:// to the local endpoint (TLS on).
 */
import {
  GetMessagingSessionEndpointCommand,
  SendChannelMessageCommand,
  type ChimeSDKMessagingClient,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createCertificate, DEFAULT_TLS_HOSTS, type TlsCertificate } from "../../local/tls/certificate";
import { createChannel, dataOf, errorOf, sendMessage, signIn } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";
import { CREDENTIALS, type Credentials } from "../support/credentials";
import { sdkSession, startRefusal, type SdkSession } from "../support/sdkMessagingSession";
import { messagingClientWith } from "../support/sts";
import { installWebSocketGlobals, type WebSocketGlobals } from "../support/webSocketGlobals";

let certificate: TlsCertificate;
let stack: ApiStack;
let globals: WebSocketGlobals;
let alice: ApiUser;
let bob: ApiUser;
let carol: ApiUser;
/** Added to the endpoint's clock: moves its time (and so the credentials' age) without touching the clients'. */
let clockOffsetMs = 0;
const open: SdkSession[] = [];
const clients: ChimeSDKMessagingClient[] = [];

beforeAll(async () => {
  certificate = await createCertificate(DEFAULT_TLS_HOSTS);
  stack = await startApiStack({
    endpoint: { tls: { certificate }, clock: { now: () => new Date(Date.now() + clockOffsetMs) } },
  });
  globals = installWebSocketGlobals({ ca: certificate.cert });
  [alice, bob, carol] = await Promise.all([stack.user("alice"), stack.user("bob"), stack.user("carol")]);
});

afterEach(() => {
  clockOffsetMs = 0;
  for (const session of open.splice(0)) session.close();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  globals?.restore();
  await stack?.close();
});

async function credentialsOf(user: ApiUser): Promise<Credentials> {
  return dataOf<{ credentials: Credentials }>(await stack.gql(user.token, CREDENTIALS)).credentials;
}

function keysOf({ accessKeyId, secretAccessKey, sessionToken }: Credentials) {
  return { accessKeyId, secretAccessKey, sessionToken };
}

/** The SDK client a web app makes from the mutation's answer (REST over HTTPS to the endpoint). */
function chimeWith(credentials: Credentials): ChimeSDKMessagingClient {
  const client = messagingClientWith(stack.t, keysOf(credentials));
  clients.push(client);
  return client;
}

/** An unmodified DefaultMessagingSession for the mutation's answer: its userArn, region and keys. */
function sessionWith(credentials: Credentials, userArn = credentials.userArn): SdkSession {
  const session = sdkSession({
    endpoint: stack.t.endpoint.tlsUrl as string,
    ca: certificate.cert,
    credentials: keysOf(credentials),
    userArn,
  });
  open.push(session);
  return session;
}

test("alice's credentials send as alice only; her session receives bob's GraphQL message; carol, connected but no member, receives nothing", async () => {
  // 1. Alice gets credentials from the GraphQL API.
  const aliceCredentials = await credentialsOf(alice);
  expect(aliceCredentials.userArn).toBe(alice.arn);
  expect(aliceCredentials.messagingSessionEndpoint).toBe(`127.0.0.1:${stack.t.endpoint.tlsPort}`);
  await signIn(stack, bob);
  const channel = await createChannel(stack, alice, { name: "e2e", memberArns: [bob.arn] });

  // 2. With them, the SDK sends a message as Alice: it succeeds.
  const chime = chimeWith(aliceCredentials);
  const send = (bearer: string) =>
    chime.send(
      new SendChannelMessageCommand({
        ChannelArn: channel.arn,
        ChimeBearer: bearer,
        Content: "sent by the SDK with vended credentials",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
      }),
    );
  expect((await send(alice.arn)).MessageId).toEqual(expect.any(String));

  // 3. The same credentials with Bob as bearer: AccessDenied.
  await expect(send(bob.arn)).rejects.toMatchObject({
    name: "AccessDeniedException",
    $metadata: expect.objectContaining({ httpStatusCode: 403 }) as object,
  });

  // 4. An unmodified DefaultMessagingSession connects as Alice, to the host the mutation named.
  const socketsBefore = globals.opened.length;
  const aliceSession = sessionWith(aliceCredentials);
  await aliceSession.session.start();
  expect(globals.opened[socketsBefore]).toMatch(
    new RegExp(`^wss://${aliceCredentials.messagingSessionEndpoint.replace(/\./g, "\\.")}/connect\\?`),
  );
  const { Endpoint } = await aliceSession.chime.send(new GetMessagingSessionEndpointCommand({}));
  expect(Endpoint?.Url).toBe(aliceCredentials.messagingSessionEndpoint);

  // 6. (set up) Carol, connected with her own credentials, in no channel of theirs.
  const carolSession = sessionWith(await credentialsOf(carol));
  await carolSession.session.start();

  // 5. Bob sends through GraphQL; Alice's session receives CREATE_CHANNEL_MESSAGE with the same MessageId.
  const { messageId } = await sendMessage(stack, bob, channel.arn, { content: "hello from bob" });
  // (Alice's own SDK message was sent before her session opened, so this is the only one.)
  const [fromBob] = await aliceSession.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, channel.arn);
  expect(fromBob.payload).toMatchObject({
    MessageId: messageId,
    ChannelArn: channel.arn,
    Content: "hello from bob",
    Sender: { Arn: bob.arn },
  });

  // 6. Carol receives nothing of it: a message in her own channel, sent after bob's was delivered,
  // is the first and only one she gets (had bob's reached her, it would have come first).
  const carolsChannel = await createChannel(stack, carol, { name: "carol's" });
  const sentinel = await sendMessage(stack, carol, carolsChannel.arn, { content: "sentinel" });
  await carolSession.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, carolsChannel.arn);
  expect(carolSession.observer.of("CREATE_CHANNEL_MESSAGE").map((m) => m.payload?.MessageId)).toEqual([
    sentinel.messageId,
  ]);
});

test("a URL signed with alice's credentials but naming bob's userArn is refused (4401)", async () => {
  const aliceCredentials = await credentialsOf(alice);
  await signIn(stack, bob);
  const impostor = sessionWith(aliceCredentials, bob.arn);
  const closed = await startRefusal(impostor.session.start());
  expect(closed.code).toBe(4401);
  expect(impostor.observer.lifecycle).toEqual(["connecting"]);
});

test("expired credentials cannot connect: closed with 4401, start() rejects", async () => {
  const old = await credentialsOf(alice);
  // An hour and a minute later for the endpoint, the vended session has expired.
  clockOffsetMs = 61 * 60_000;
  const expired = sdkSession({
    endpoint: stack.t.endpoint.tlsUrl as string,
    ca: certificate.cert,
    credentials: keysOf(old),
    userArn: old.userArn,
    // The socket host is known from the mutation: the first attempt goes straight to the socket.
    endpointUrl: old.messagingSessionEndpoint,
  });
  open.push(expired);
  const closed = await startRefusal(expired.session.start());
  expect(closed.code).toBe(4401);
  expect(closed.reason).toBe("The security token included in the request is expired");
});

test("signalTyping reaches connected members as the documented CONTROL, NON_PERSISTENT message, at most once per 2 s, and is never listed", async () => {
  await signIn(stack, bob);
  const channel = await createChannel(stack, alice, { name: "typing", memberArns: [bob.arn] });
  const bobSession = sessionWith(await credentialsOf(bob));
  await bobSession.session.start();
  // An API whose limiter runs on a clock the test moves.
  let now = Date.now();
  const api = await stack.startApi({}, { clock: { now: () => new Date(now) } });
  const signal = (user: ApiUser) =>
    api.gql(user.token, `mutation($c: ID!) { signalTyping(channelArn: $c) }`, { c: channel.arn });
  const signalled = async (user: ApiUser) => dataOf<{ signalTyping: boolean }>(await signal(user)).signalTyping;

  expect(await signalled(alice)).toBe(true);
  now += 1_999;
  expect(await signalled(alice)).toBe(false); // within 2 s: nothing sent
  now += 1;
  expect(await signalled(alice)).toBe(true);
  expect(await signalled(bob)).toBe(true); // per caller
  // Carol is no member: refused each time (a refused signal does not hold the next one back).
  await signIn(stack, carol);
  errorOf(await signal(carol), "FORBIDDEN");
  errorOf(await signal(carol), "FORBIDDEN");

  // A message after the signals: what bob's session got before it is all the signals made.
  const { messageId } = await sendMessage(stack, alice, channel.arn, { content: "done typing" });
  const received = await bobSession.observer.waitFor("CREATE_CHANNEL_MESSAGE", 4, channel.arn);
  expect(
    received.map(({ messageType, payload }) => [
      messageType,
      payload?.Type,
      payload?.Persistence,
      payload?.Content,
      (payload?.Sender as { Arn?: string } | undefined)?.Arn,
    ]),
  ).toEqual([
    ["CONTROL", "CONTROL", "NON_PERSISTENT", '{"signal":"typing"}', alice.arn],
    ["CONTROL", "CONTROL", "NON_PERSISTENT", '{"signal":"typing"}', alice.arn],
    ["CONTROL", "CONTROL", "NON_PERSISTENT", '{"signal":"typing"}', bob.arn],
    ["STANDARD", "STANDARD", "PERSISTENT", "done typing", alice.arn],
  ]);
  const listed = dataOf<{ messages: { edges: { node: { messageId: string } }[] } }>(
    await stack.gql(alice.token, `query($c: ID!) { messages(channelArn: $c) { edges { node { messageId } } } }`, {
      c: channel.arn,
    }),
  );
  expect(listed.messages.edges.map((edge) => edge.node.messageId)).toEqual([messageId]);
});
