/**
 * End to end under faults: an unmodified amazon-chime-sdk-js DefaultMessagingSession whose socket the
 * endpoint drops (its control route, as a network drop: 1006), and whose next connects are refused the
 * way AWS refuses under load (1013 try again later, 1012 service restart) and whose endpoint lookup is
 * throttled once: the SDK reconnects by itself and the session resumes, delivering what is sent after.
 */
import { createChannel, sendMessage } from "../support/channels";
import { dropSessions, faultsInForce, setFaults } from "../support/faultControl";
import type { AppFixture, TestEndpoint } from "../support/localEndpoint";
import {
  sdkSession,
  startSdkSessionEndpoint,
  type SdkSession,
  type SdkSessionEndpoint,
} from "../support/sdkMessagingSession";
import { assumeUserRole } from "../support/sts";
import type { WebSocketGlobals } from "../support/webSocketGlobals";

let endpoint: SdkSessionEndpoint;
let t: TestEndpoint;
let app: AppFixture;
let globals: WebSocketGlobals;
let bob: SdkSession | undefined;

beforeAll(async () => {
  endpoint = await startSdkSessionEndpoint(["alice", "bob"]);
  ({ t, app, globals } = endpoint);
});
afterAll(async () => {
  bob?.close();
  await endpoint?.close();
});

test("a dropped session reconnects through refused connects and a throttled lookup, then resumes", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  bob = sdkSession({
    endpoint: t.endpoint.tlsUrl as string,
    ca: endpoint.ca,
    credentials: await assumeUserRole(t, "bob"),
    userArn: app.users.bob,
  });
  await bob.session.start();
  const before = await sendMessage(t.messaging, channelArn, app.users.alice, "before the drop");
  await bob.observer.waitFor("CREATE_CHANNEL_MESSAGE", 1, channelArn);

  const control = { port: t.endpoint.port, developerKey: t.credentials.developer };
  await setFaults(control, {
    rules: [
      { operations: ["Connect"], fault: "throttle", count: 1 },
      { operations: ["Connect"], fault: "unavailable", count: 1 },
      { operations: ["GetMessagingSessionEndpoint"], fault: "throttle", count: 1 },
    ],
  });
  const socketsBefore = globals.opened.length;
  expect(await dropSessions(control, app.users.bob)).toBe(1);
  await bob.observer.waitForLifecycle("started", 2, 20_000);

  // Every planned fault was met, and the SDK went through them without stopping.
  expect((await faultsInForce(control)).rules.map((rule) => rule.hits)).toEqual([1, 1, 1]);
  expect(globals.opened.length - socketsBefore).toBe(3);
  expect(bob.observer.lifecycle.filter((state) => state === "reconnecting")).toHaveLength(3);
  expect(bob.observer.lifecycle.some((state) => state.startsWith("stopped"))).toBe(false);

  const after = await sendMessage(t.messaging, channelArn, app.users.alice, "after the reconnect");
  const received = await bob.observer.waitFor("CREATE_CHANNEL_MESSAGE", 2, channelArn);
  expect(received.map((m) => m.payload?.MessageId)).toEqual([before, after]);
});
