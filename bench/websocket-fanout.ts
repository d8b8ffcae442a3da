/**
 * Benchmark (not a test): how long one message takes to reach 1,000 open messaging-session sockets.
 * The endpoint runs in a worker thread; the sockets and the sender live in the main thread. For each
 * message: time from the send until the last socket has it. Prints the median and the worst against
 * the 50 ms budget. Run: npm run bench:fanout [-- <sockets> <messages> [tls]]; with `tls`, the sockets
 * connect with wss:// to the TLS port, as amazon-chime-sdk-js does.
 */
import {
  BatchCreateChannelMembershipCommand,
  ChimeSDKMessagingClient,
  CreateChannelCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import {
  ChimeSDKIdentityClient,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientConfig } from "../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../test/support/messagingSession";
import { createCertificate, DEFAULT_TLS_HOSTS } from "../local/tls/certificate";
import { startEndpointInWorker } from "./support/endpointWorker";

const SOCKETS = Number(process.argv[2] ?? 1000);
const MESSAGES = Number(process.argv[3] ?? 20);
const TLS = process.argv[4] === "tls";
const BUDGET_MS = 50;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-bench-"));
  const certificate = TLS ? await createCertificate(DEFAULT_TLS_HOSTS) : undefined;
  const endpoint = await startEndpointInWorker(join(dir, "bench.sqlite"), certificate);
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url, endpoint.developerKey));
  const chime = new ChimeSDKMessagingClient(clientConfig(endpoint.url, endpoint.developerKey));
  const sessions: TestSession[] = [];
  try {
    const appInstanceArn = (await identity.send(new CreateAppInstanceCommand({ Name: "fanout" })))
      .AppInstanceArn as string;
    const users: string[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const id = `u${i}`;
      users.push(
        (
          await identity.send(
            new CreateAppInstanceUserCommand({ AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: id }),
          )
        ).AppInstanceUserArn as string,
      );
    }
    const sender = users[0];
    const { ChannelArn } = await chime.send(
      new CreateChannelCommand({ AppInstanceArn: appInstanceArn, Name: "all", ChimeBearer: sender }),
    );
    for (let i = 1; i < users.length; i += 100) {
      await chime.send(
        new BatchCreateChannelMembershipCommand({
          ChannelArn,
          ChimeBearer: sender,
          MemberArns: users.slice(i, i + 100),
        }),
      );
    }
    for (const user of users) {
      const url = await presignConnectUrl(endpoint.tlsPort ?? endpoint.port, endpoint.developerKey, user);
      const session = await TestSession.open(
        certificate ? url.replace(/^ws:/, "wss:") : url,
        certificate ? { ca: certificate.cert } : {},
      );
      await session.waitFor("SESSION_ESTABLISHED");
      sessions.push(session);
    }
    const latencies: number[] = [];
    for (let m = 0; m < MESSAGES; m++) {
      const started = performance.now();
      await chime.send(
        new SendChannelMessageCommand({
          ChannelArn,
          ChimeBearer: sender,
          Content: `m${m}`,
          Type: "STANDARD",
          Persistence: "PERSISTENT",
        }),
      );
      await Promise.all(sessions.map((session) => session.waitFor("CREATE_CHANNEL_MESSAGE", m + 1, 10_000)));
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)];
    const worst = latencies[latencies.length - 1];
    console.log(
      `one message to ${SOCKETS} ${TLS ? "wss://" : "ws://"} sockets, ${MESSAGES} messages: median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms ` +
        `(send call included); budget ${BUDGET_MS} ms: median at ${(median / BUDGET_MS).toFixed(2)}x`,
    );
  } finally {
    for (const session of sessions) session.close();
    identity.destroy();
    chime.destroy();
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
