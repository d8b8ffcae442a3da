/**
 * Benchmark (not a test): how many SendChannelMessage calls a second the local endpoint takes, signed
 * and authorized as in real use (SigV4, IAM on the server role's policy, implicit authorization,
 * SQLite on disk). The endpoint runs in a worker thread and the load comes from the main thread, so it
 * does not eat the endpoint's core. The load is raw HTTP requests signed one by one with
 * @smithy/signature-v4, each with its own ClientRequestToken, exactly what the SDK sends: the full
 * SDK client costs more CPU per call than the endpoint does, and would measure itself instead.
 * Prints the rate against the 2,000/s budget and, where the OS tells it (Linux), the endpoint thread's CPU
 * time a send: on a shared, busy machine the rate falls with the load, the CPU a send much less.
 * Run: npm run bench:sends [-- <seconds> <concurrency>]
 */
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { randomUUID } from "node:crypto";
import { Agent } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChannel } from "../test/support/channels";
import { clientConfig, createApp } from "../test/support/localEndpoint";
import { signedRequest } from "../test/support/signedHttp";
import { startEndpointInWorker } from "./support/endpointWorker";

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const BUDGET_PER_SECOND = 2000;
const WARM_UP_SECONDS = 2;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-bench-"));
  const endpoint = await startEndpointInWorker(join(dir, "bench.sqlite"));
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url, endpoint.developerKey));
  const developer = new ChimeSDKMessagingClient(clientConfig(endpoint.url, endpoint.developerKey));
  try {
    const app = await createApp(identity, ["alice"]);
    await endpoint.setAppInstanceArn(app.appInstanceArn);
    const channelArn = await createChannel(developer, app, { owner: "alice" });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const path = `/channels/${encodeURIComponent(channelArn)}/messages`;
    const send = async () => {
      const body = JSON.stringify({
        Content: "benchmark message",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
        ClientRequestToken: randomUUID(),
      });
      const response = await signedRequest({
        port: endpoint.port,
        method: "POST",
        path,
        body,
        headers: { "content-type": "application/json", "x-amz-chime-bearer": app.users.alice },
        credentials: endpoint.serverKey,
        agent,
      });
      if (response.status !== 201) throw new Error(`send failed: ${response.status} ${response.body}`);
    };
    // The server key, as the API sends: IAM evaluates the server role's policy on every call.
    /** CONCURRENCY senders, each sending again as soon as its answer came, for `seconds`; returns how many. */
    const load = async (seconds: number) => {
      let count = 0;
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < deadline) {
            await send();
            count++;
          }
        }),
      );
      return count;
    };
    // Warm-up, not measured: the same load for WARM_UP_SECONDS, so that the endpoint's hot code is
    // optimized by V8 (and SQLite's pages cached) before the clock starts, as in a long-running endpoint.
    await load(WARM_UP_SECONDS);
    const cpuBefore = await endpoint.cpuTimeMs();
    const started = performance.now();
    const sent = await load(SECONDS);
    const rate = sent / ((performance.now() - started) / 1000);
    const cpuAfter = await endpoint.cpuTimeMs();
    console.log(
      `${sent} sends in ${SECONDS} s with ${CONCURRENCY} in flight: ${rate.toFixed(0)} sends/s, ` +
        `${(rate / BUDGET_PER_SECOND).toFixed(2)}x the ${BUDGET_PER_SECOND}/s budget`,
    );
    // The endpoint thread's own CPU per send: what a busy, shared machine does not change much.
    if (cpuBefore !== undefined && cpuAfter !== undefined && sent > 0) {
      const perSend = ((cpuAfter - cpuBefore) * 1000) / sent;
      console.log(
        `endpoint thread: ${perSend.toFixed(0)} µs of CPU a send, ${(1e6 / perSend).toFixed(0)} sends/s on a core of its own`,
      );
    }
  } finally {
    for (const client of [identity, developer]) client.destroy();
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
