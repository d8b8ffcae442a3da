/**
 * End to end over time: what an unmodified DefaultMessagingSession does when its socket drops after
 * its presigned URL (10 s) has expired, and when its credentials near their end. Time is moved by
 * faking Date only (timers stay real): the SDK signs with `new Date()`, the endpoint's clock is the
 * system clock and the SDK clients refresh credentials by Date.now(), so all of them move together,
 * as when minutes really pass.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { CLOSE_NOT_AUTHORIZED } from "../../local/websocket/messagingSessions";
import { createChannel, sendMessage } from "../support/channels";
import type { AppFixture, TestEndpoint } from "../support/localEndpoint";
import { TestSession } from "../support/messagingSession";
import {
  sdkSession,
  startSdkSessionEndpoint,
  type SdkSession,
  type SdkSessionEndpoint,
} from "../support/sdkMessagingSession";
import { assumeUserRole } from "../support/sts";
import type { WebSocketGlobals } from "../support/webSocketGlobals";

const MINUTE = 60_000;
let endpoint: SdkSessionEndpoint;
let t: TestEndpoint;
let app: AppFixture;
let globals: WebSocketGlobals;
let session: SdkSession | undefined;

beforeAll(async () => {
  endpoint = await startSdkSessionEndpoint(["alice", "bob"]);
  ({ t, app, globals } = endpoint);
});
beforeEach(() => {
  // Only Date is faked, and it keeps running with real time.
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "requestIdleCallback",
      "cancelIdleCallback",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
  });
});
afterEach(() => {
  session?.close();
  session = undefined;
  jest.useRealTimers();
});
afterAll(async () => {
  await endpoint?.close();
});

const later = (ms: number) => jest.setSystemTime(Date.now() + ms);

/** Alice's credentials as an app passes them: a provider the SDK calls again when they near their end. */
function vendedForAlice(): { provider: () => Promise<AwsCredentialIdentity>; vended: AwsCredentialIdentity[] } {
  const vended: AwsCredentialIdentity[] = [];
  return {
    vended,
    provider: async () => {
      const credentials = await assumeUserRole(t, "alice");
      vended.push(credentials);
      return credentials;
    },
  };
}

/** Ends alice's sockets from the endpoint's side, as a network drop would (the SDK sees 1006). */
function dropAlice(): void {
  for (const socket of t.endpoint.sessions.connections.get(app.users.alice) ?? []) socket.terminate();
}

const query = (url: string, name: string) => new URL(url).searchParams.get(name);

/** Alice's unmodified SDK session over TLS, with credentials from `provider`. */
function aliceSessionWith(provider: AwsCredentialIdentityProvider): SdkSession {
  return sdkSession({
    endpoint: t.endpoint.tlsUrl as string,
    ca: endpoint.ca,
    credentials: provider,
    userArn: app.users.alice,
  });
}

test("after the URL's expiry, a dropped session reconnects with a freshly signed URL; the old one is refused", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "bob", members: ["alice"] });
  const { provider } = vendedForAlice();
  session = aliceSessionWith(provider);
  await session.session.start();
  const first = globals.opened.at(-1) as string;

  // Beyond X-Amz-Expires (10 s) and the clock-skew slack the endpoint allows (5 min).
  later(6 * MINUTE);
  const replay = await TestSession.open(first, { ca: endpoint.ca });
  expect(await replay.whenClosed()).toBe(CLOSE_NOT_AUTHORIZED);

  dropAlice();
  await session.observer.waitForLifecycle("started", 2);
  expect(session.observer.lifecycle).toEqual(["connecting", "started", "reconnecting", "started"]);
  const second = globals.opened.at(-1) as string;
  expect(second).not.toBe(first);
  expect(query(second, "X-Amz-Date")).not.toBe(query(first, "X-Amz-Date"));
  expect(query(second, "sessionId")).toBe(query(first, "sessionId"));

  const messageId = await sendMessage(t.messaging, channelArn, app.users.bob, "after the reconnect");
  const [received] = await session.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, channelArn);
  expect(received.payload?.MessageId).toBe(messageId);
});

test("credentials given as a provider are renewed before they expire, and reconnects sign with the new ones", async () => {
  const { provider, vended } = vendedForAlice();
  session = aliceSessionWith(provider);
  await session.session.start();
  expect(vended).toHaveLength(1);

  // The user role's sessions last an hour; 4 minutes before the end, the SDK asks for new ones.
  later(56 * MINUTE);
  dropAlice();
  await session.observer.waitForLifecycle("started", 2);
  expect(vended).toHaveLength(2);
  const credentialOf = (url: string) => query(url, "X-Amz-Credential")?.split("/")[0];
  expect(credentialOf(globals.opened.at(-1) as string)).toBe(vended[1].accessKeyId);

  // Past the first credentials' end: the session keeps working on the second ones.
  later(10 * MINUTE);
  dropAlice();
  await session.observer.waitForLifecycle("started", 3);
  expect(vended).toHaveLength(2);
  expect(session.observer.lifecycle.filter((s) => s.startsWith("stopped"))).toEqual([]);
});
