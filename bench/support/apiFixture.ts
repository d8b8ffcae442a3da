/**
 * What the API benchmarks share: the local endpoint in a worker thread behind a proxy that can hold
 * every answer back (standing for the network and Chime's own time), a token issuer, an app instance
 * with one user and a channel of 60 messages, the direct path (an SDK client signing with the server
 * key, as the API does, with the user as bearer) and the API's configuration for the same endpoint.
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
import { loadConfig, type Config } from "../../src/config";
import { createChannel } from "../../test/support/channels";
import { clientConfig, createApp, makeAdmin } from "../../test/support/localEndpoint";
import { startTestIssuer } from "../../test/support/testJwks";
import { startDynamoInWorker, type DynamoInWorker } from "./dynamoWorker";
import { startEndpointInWorker } from "./endpointWorker";

export const SEND_MUTATION =
  "mutation Send($channelArn: ID!, $content: String!) { sendMessage(input: { channelArn: $channelArn, content: $content }) { messageId } }";
export const PAGE_QUERY =
  "query Page($channelArn: ID!) { messages(channelArn: $channelArn, first: 50) { edges { node { id content createdAt sender { arn name } } } pageInfo { hasNextPage endCursor } } }";

/** A TCP proxy to `port` that holds back every chunk of the answers by `delay()` ms. */
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

export interface ApiFixture {
  channelArn: string;
  /** The user's AppInstanceUser ARN: the direct path's bearer. */
  userArn: string;
  /** The user's token, as the API expects it. */
  token: string;
  /** Every endpoint answer is held back this long (ms); set it between runs. */
  holdMs: number;
  /** The direct path's calls: what the API's resolvers ask of Chime. */
  direct: { send: () => Promise<void>; page: () => Promise<void> };
  /** The DynamoDB emulator of the per-user limits, and its table (started by `withRateLimits`). */
  dynamo?: DynamoInWorker & { table: string };
  /** The API's configuration against this endpoint; the environment is set for the SDK's standard variables. */
  apiConfig(env?: Record<string, string>): Config;
  /** The variables `apiConfig` reads, for a handler in another process. */
  apiEnvironment(env?: Record<string, string>): Record<string, string>;
  /** Starts the DynamoDB emulator for the limits (`apiConfig({ RATE_LIMIT_TABLE: fixture.dynamo.table })`). */
  withRateLimits(): Promise<void>;
  close(): Promise<void>;
}

export async function startApiFixture(): Promise<ApiFixture> {
  const dir = mkdtempSync(join(tmpdir(), "chime-bench-"));
  const endpoint = await startEndpointInWorker(join(dir, "bench.sqlite"));
  const fixture = { holdMs: 0 } as ApiFixture;
  const proxy = await startDelayingProxy(endpoint.port, () => fixture.holdMs);
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
  const send = async () => {
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
  for (let i = 0; i < 60; i++) await send();

  const environment = (env: Record<string, string> = {}): Record<string, string> => ({
    API_ENV: "local",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: endpoint.serverKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoint.serverKey.secretAccessKey,
    AWS_ENDPOINT_URL: proxy.url,
    CHIME_APP_INSTANCE_ARN: app.appInstanceArn,
    CHIME_USER_ROLE_ARN: "arn:aws:iam::111122223333:role/chime-chat-api-user",
    COGNITO_ISSUER: issuer.issuer,
    COGNITO_CLIENT_ID: issuer.clientId,
    ...(fixture.dynamo ? { AWS_ENDPOINT_URL_DYNAMODB: fixture.dynamo.url } : {}),
    ...env,
  });
  Object.assign(fixture, {
    channelArn,
    userArn: app.users[sub],
    token: issuer.token({ sub, claims: { name: "Alice" } }),
    direct: {
      send,
      page: async () => {
        await direct.send(
          new ListChannelMessagesCommand({ ChannelArn: channelArn, MaxResults: 50, ChimeBearer: app.users[sub] }),
        );
      },
    },
    apiEnvironment: environment,
    apiConfig: (env: Record<string, string> = {}) => {
      const variables = environment(env);
      // The SDK reads credentials and endpoints from the environment when its clients are made.
      for (const [name, value] of Object.entries(variables)) if (name.startsWith("AWS_")) process.env[name] = value;
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
      return loadConfig(variables);
    },
    withRateLimits: async () => {
      const table = "bench-rate-limits";
      fixture.dynamo = Object.assign(await startDynamoInWorker(table), { table });
    },
    close: async () => {
      for (const client of [identity, developer, direct]) client.destroy();
      await fixture.dynamo?.close();
      proxy.server.close();
      await issuer.close();
      await endpoint.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  return fixture;
}
