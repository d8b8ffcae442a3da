/**
 * Benchmark (not a test): what the GraphQL API adds over calling Chime directly with the SDK, against
 * the same local endpoint. The endpoint runs in a worker thread (its own core); the API handler is
 * served over HTTP as API Gateway calls it, in the main thread, with the same SDK client settings.
 * Each round makes the two calls back to back in alternating order, and the script prints the median
 * of each, and their ratio against the 15% budget, for three shapes: a send, a send through the per-user
 * rate limits (one DynamoDB UpdateItem more, to the emulator `npm start` runs, in a worker thread of
 * its own; the held-back delay does not apply to it) and a page of 50 messages.
 *
 * The API's path is client -> HTTP -> handler (token verification, GraphQL parse/validate/execute,
 * mapping) -> SDK -> endpoint; the direct path is client -> SDK -> endpoint. The local endpoint answers
 * in about a millisecond, far faster than Chime does over a network, so the ratio at 0 ms is a worst
 * case for a fixed cost. The run is repeated with every endpoint answer held back by a given delay
 * (a TCP proxy in front of the endpoint that both paths go through), which stands for the network and
 * service time of a real Chime call; the delay is an input, not a measurement of AWS. Both the ratio
 * and the absolute overhead per call are printed.
 * Run: npm run bench:api-overhead [-- <rounds> <delays in ms, comma-separated: 0,10>]
 * (POWERTOOLS_LOG_LEVEL=INFO includes the cost of the handler's log line.)
 */
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import {
  ChimeSDKMessagingClient,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config";
import { createGraphqlHandler } from "../src/graphql/lambda";
import { createChannel } from "../test/support/channels";
import { serveLambda } from "../test/support/lambdaHttp";
import { clientConfig, createApp, makeAdmin } from "../test/support/localEndpoint";
import { startTestIssuer } from "../test/support/testJwks";
import { startDynamoInWorker } from "./support/dynamoWorker";
import { startEndpointInWorker } from "./support/endpointWorker";

const ROUNDS = Number(process.argv[2] ?? 400);
const DELAYS_MS = (process.argv[3] ?? "0,10").split(",").map(Number);
const WARM_UP = 100;
const BUDGET = 1.15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** A TCP proxy to `port` that holds back every chunk of the answers by `delay().` ms. */
async function startDelayingProxy(port: number, delay: () => number): Promise<{ url: string; server: Server }> {
  const server = createServer((client) => {
    const upstream = connect(port, "127.0.0.1");
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      const ms = delay();
      if (ms === 0) client.write(chunk);
      else setTimeout(() => client.write(chunk), ms);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-bench-"));
  const endpoint = await startEndpointInWorker(join(dir, "bench.sqlite"));
  let delayMs = 0;
  const proxy = await startDelayingProxy(endpoint.port, () => delayMs);
  const issuer = await startTestIssuer();
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url, endpoint.developerKey));
  const developer = new ChimeSDKMessagingClient(clientConfig(endpoint.url, endpoint.developerKey));
  // The direct path: the server key, as the API itself signs, with the caller as bearer.
  const direct = new ChimeSDKMessagingClient(clientConfig(proxy.url, endpoint.serverKey));
  // A Cognito-shaped sub: the API takes no other as a user id.
  const sub = crypto.randomUUID();
  const app = await createApp(identity, [sub, "backend_worker"]);
  await makeAdmin(identity, app, "backend_worker");
  await endpoint.setAppInstanceArn(app.appInstanceArn);
  const channelArn = await createChannel(developer, app, { owner: sub });
  for (let i = 0; i < 60; i++) {
    await direct.send(
      new SendChannelMessageCommand({
        ChannelArn: channelArn,
        Content: `history ${i}`,
        Type: "STANDARD",
        Persistence: "PERSISTENT",
        ChimeBearer: app.users[sub],
      }),
    );
  }

  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: endpoint.serverKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoint.serverKey.secretAccessKey,
    AWS_ENDPOINT_URL: proxy.url,
    AWS_REGION: "us-east-1",
    // The handler's one log line a request would flood this script's output (Powertools reads it here).
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  const serveApi = (env: Record<string, string> = {}) =>
    serveLambda(
      createGraphqlHandler(
        loadConfig({
          ...process.env,
          API_ENV: "local",
          CHIME_APP_INSTANCE_ARN: app.appInstanceArn,
          CHIME_USER_ROLE_ARN: `arn:aws:iam::111122223333:role/chime-chat-api-user`,
          COGNITO_ISSUER: issuer.issuer,
          COGNITO_CLIENT_ID: issuer.clientId,
          ...env,
        }),
      ),
    );
  const api = await serveApi();
  const table = "bench-rate-limits";
  const dynamo = await startDynamoInWorker(table);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  // High enough that the benchmark itself is never throttled: every send still takes a token.
  const limitedApi = await serveApi({ RATE_LIMIT_TABLE: table, RATE_LIMIT_SENDS: "60000/1000" });

  const token = issuer.token({ sub, claims: { name: "Alice" } });
  const graphql = async (query: string, variables: Record<string, unknown>, server = api) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (response.status !== 200 || body.errors) throw new Error(`API call failed: ${JSON.stringify(body)}`);
  };

  const sendThrough = (server: typeof api) =>
    graphql(
      "mutation Send($channelArn: ID!, $content: String!) { sendMessage(input: { channelArn: $channelArn, content: $content }) { messageId } }",
      { channelArn, content: "benchmark" },
      server,
    );
  const sendDirectly = async () => {
    await direct.send(
      new SendChannelMessageCommand({
        ChannelArn: channelArn,
        Content: "benchmark",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
        ChimeBearer: app.users[sub],
      }),
    );
  };

  const shapes: Record<string, { viaApi: () => Promise<void>; viaSdk: () => Promise<void> }> = {
    "send a message": {
      viaApi: () => sendThrough(api),
      viaSdk: sendDirectly,
    },
    "send a message, per-user limits on": {
      viaApi: () => sendThrough(limitedApi),
      viaSdk: sendDirectly,
    },
    "a page of 50 messages": {
      viaApi: () =>
        graphql(
          "query Page($channelArn: ID!) { messages(channelArn: $channelArn, first: 50) { edges { node { id content createdAt sender { arn name } } } pageInfo { hasNextPage endCursor } } }",
          { channelArn },
        ),
      viaSdk: async () => {
        await direct.send(
          new ListChannelMessagesCommand({ ChannelArn: channelArn, MaxResults: 50, ChimeBearer: app.users[sub] }),
        );
      },
    },
  };

  try {
    for (const [delay, name] of DELAYS_MS.flatMap((delay) =>
      Object.keys(shapes).map((name) => [delay, name] as const),
    )) {
      const { viaApi, viaSdk } = shapes[name];
      delayMs = delay;
      for (let i = 0; i < WARM_UP; i++) {
        await viaApi();
        await viaSdk();
      }
      const timings = { api: [] as number[], sdk: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so neither always runs on a warmer cache.
        if (round % 2 === 0) {
          timings.api.push(await timed(viaApi));
          timings.sdk.push(await timed(viaSdk));
        } else {
          timings.sdk.push(await timed(viaSdk));
          timings.api.push(await timed(viaApi));
        }
      }
      const [apiMs, sdkMs] = [median(timings.api), median(timings.sdk)];
      const ratio = apiMs / sdkMs;
      console.log(
        `${name}, endpoint answers held ${delay} ms: API ${apiMs.toFixed(2)} ms, direct SDK ${sdkMs.toFixed(2)} ms (medians of ${ROUNDS}): ` +
          `${ratio.toFixed(2)}x, +${(apiMs - sdkMs).toFixed(2)} ms a call; budget ${BUDGET}x ` +
          `${ratio <= BUDGET ? "met" : "NOT met"}`,
      );
    }
  } finally {
    for (const client of [identity, developer, direct]) client.destroy();
    await api.close();
    await limitedApi.close();
    await dynamo.close();
    proxy.server.close();
    await issuer.close();
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
