/**
 * Durability: the endpoint runs as its own process (`npm run endpoint`), is killed with SIGKILL in the
 * middle of a burst of 500 sends, and is started again on the same state: every send that was answered
 * 201 is listed exactly once (local/store/database.ts explains why WAL with synchronous=NORMAL gives
 * that for a killed process). Sends cut off by the kill may or may not have landed; none is listed twice.
 */
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChannel, messageIdsInOrder } from "../support/channels";
import { startEndpointProcess, type EndpointProcess } from "../support/endpointProcess";
import { clientConfig, createApp } from "../support/localEndpoint";
import { signedRequest } from "../support/signedHttp";

const dir = mkdtempSync(join(tmpdir(), "chime-durability-"));
let endpoint: EndpointProcess | undefined;
afterAll(async () => {
  await endpoint?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test("a SIGKILL during a burst of 500 sends loses no acknowledged send, and duplicates none", async () => {
  const databasePath = join(dir, "aws.sqlite");
  endpoint = await startEndpointProcess({ databasePath });
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url, endpoint.developerKey));
  const messaging = new ChimeSDKMessagingClient(clientConfig(endpoint.url, endpoint.developerKey));
  const app = await createApp(identity, ["alice"]);
  const channelArn = await createChannel(messaging, app, { owner: "alice" });
  identity.destroy();
  messaging.destroy();

  // Raw signed sends (one each, no retries), 16 in flight, as bench:sends does.
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const { port, developerKey } = endpoint;
  const acknowledged: string[] = [];
  let attempted = 0;
  let cutOff = 0;
  const send = async (i: number) => {
    attempted++;
    try {
      const response = await signedRequest({
        port,
        method: "POST",
        path: `/channels/${encodeURIComponent(channelArn)}/messages`,
        body: JSON.stringify({
          Content: `burst ${i}`,
          Type: "STANDARD",
          Persistence: "PERSISTENT",
          ClientRequestToken: randomUUID(),
        }),
        headers: { "content-type": "application/json", "x-amz-chime-bearer": app.users.alice },
        credentials: developerKey,
        agent,
      });
      if (response.status === 201) acknowledged.push((JSON.parse(response.body) as { MessageId: string }).MessageId);
      else throw new Error(`send ${i}: ${response.status} ${response.body}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("send ")) throw error;
      cutOff++; // the connection died with the process
    }
  };
  let next = 0;
  const burst = Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < 500) await send(next++);
    }),
  );
  // Kill it mid-burst: once about half the sends have been answered (or the burst has failed).
  let settled = false;
  void burst.finally(() => (settled = true)).catch(() => undefined);
  while (acknowledged.length < 250 && !settled) await new Promise((resolve) => setTimeout(resolve, 2));
  await endpoint.kill();
  await burst;
  agent.destroy();
  expect(acknowledged.length).toBeGreaterThanOrEqual(250);
  expect(acknowledged.length).toBeLessThan(500);
  expect(cutOff).toBeGreaterThan(0);
  expect(attempted).toBe(500);

  endpoint = await startEndpointProcess({ databasePath });
  const reader = new ChimeSDKMessagingClient(clientConfig(endpoint.url, endpoint.developerKey));
  try {
    const listed = await messageIdsInOrder(reader, channelArn, app.users.alice);
    expect(new Set(listed).size).toBe(listed.length);
    const missing = acknowledged.filter((id) => !listed.includes(id));
    expect(missing).toEqual([]);
    // Sends that were cut off may have been stored before the kill, but only those.
    expect(listed.length - acknowledged.length).toBeLessThanOrEqual(cutOff);
  } finally {
    reader.destroy();
    await endpoint.stop();
    endpoint = undefined;
  }
}, 60_000);
