/**
 * End to end under load: 500 messages from 5 senders (each with their own vended credentials, in
 * parallel) into one channel, received by members connected through an unmodified
 * DefaultMessagingSession over wss://. Every session gets every message exactly once, in the
 * channel's order as ListChannelMessages (ascending) gives it.
 */
import { SendChannelMessageCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, messageIdsInOrder } from "../support/channels";
import type { AppFixture, TestEndpoint } from "../support/localEndpoint";
import {
  sdkSession,
  startSdkSessionEndpoint,
  type SdkSession,
  type SdkSessionEndpoint,
} from "../support/sdkMessagingSession";
import { assumeUserRole, messagingClientWith, type SessionCredentials } from "../support/sts";
import type { WebSocketGlobals } from "../support/webSocketGlobals";

const USERS = ["alice", "bob", "carol", "dave", "erin"];
const PER_SENDER = 100;
let endpoint: SdkSessionEndpoint;
let t: TestEndpoint;
let app: AppFixture;
let globals: WebSocketGlobals;
const credentials: Record<string, SessionCredentials> = {};
const sessions: SdkSession[] = [];

beforeAll(async () => {
  endpoint = await startSdkSessionEndpoint(USERS);
  ({ t, app, globals } = endpoint);
  for (const user of USERS) credentials[user] = await assumeUserRole(t, user);
});
afterAll(async () => {
  for (const session of sessions) session.close();
  await endpoint?.close();
});

test("500 messages from 5 senders reach every connected session exactly once, in the channel's order", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: USERS.slice(1) });
  // Four members connected, alice twice (two tabs); erin is a member and a sender, not connected.
  for (const user of ["alice", "alice", "bob", "carol", "dave"]) {
    const session = sdkSession({
      endpoint: t.endpoint.tlsUrl as string,
      ca: endpoint.ca,
      credentials: credentials[user],
      userArn: app.users[user],
    });
    sessions.push(session);
    await session.session.start();
  }
  const senders = USERS.map((user) => ({ user, client: messagingClientWith(t, credentials[user]) }));
  try {
    await Promise.all(
      senders.map(async ({ user, client }) => {
        for (let n = 0; n < PER_SENDER; n++) {
          await client.send(
            new SendChannelMessageCommand({
              ChannelArn: channelArn,
              ChimeBearer: app.users[user],
              Content: `${user}-${n}`,
              Type: "STANDARD",
              Persistence: "PERSISTENT",
            }),
          );
        }
      }),
    );
  } finally {
    for (const { client } of senders) client.destroy();
  }
  const order = await messageIdsInOrder(t.messaging, channelArn, app.users.alice);
  expect(order).toHaveLength(USERS.length * PER_SENDER);
  expect(new Set(order).size).toBe(order.length);
  for (const { observer } of sessions) {
    await observer.waitFor("CREATE_CHANNEL_MESSAGE", order.length, channelArn, 30_000);
    const received = observer.of("CREATE_CHANNEL_MESSAGE", channelArn).map((m) => m.payload?.MessageId);
    expect(received).toEqual(order);
  }
  // One socket per session: nothing reconnected under the load.
  expect(globals.opened).toHaveLength(sessions.length);
});
