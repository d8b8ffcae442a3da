/**
 * The handler's own work per request, without HTTP or Chime: the handler invoked in-process with
 * API Gateway's event, its Chime clients answering at once with canned SDK outputs (a sent message,
 * a page of 50). What is left is what the API adds: token, GraphQL, mapping, logging, serializing.
 * Profiled (V8's sampling profiler, through the inspector) and summarized by package.
 */
import { Session } from "node:inspector/promises";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { ChimeClients } from "../../src/chime/clients";
import type { Config } from "../../src/config";
import { createGraphqlHandler } from "../../src/graphql/lambda";
import { ProfileSummary, type CpuProfile } from "./cpuProfile";

function cannedClients(config: Config, channelArn: string): ChimeClients {
  const sender = { Arn: `${config.appInstanceArn}/user/sender`, Name: "Sender" };
  const page = Array.from({ length: 50 }, (_, i) => ({
    MessageId: `message-${i}`,
    Content: `message ${i} of the page`,
    CreatedTimestamp: new Date(Date.UTC(2026, 10, 23, 10, i)),
    LastUpdatedTimestamp: new Date(Date.UTC(2026, 10, 23, 10, i)),
    Sender: sender,
    Type: "STANDARD" as const,
    Redacted: false,
  }));
  const answer = (command: object) =>
    Promise.resolve(
      command.constructor.name === "SendChannelMessageCommand"
        ? { ChannelArn: channelArn, MessageId: "message-sent", Status: { Value: "SENT" } }
        : command.constructor.name === "ListChannelMessagesCommand"
          ? { ChannelArn: channelArn, ChannelMessages: page, NextToken: "next-page" }
          : {},
    );
  return {
    messaging: { send: answer },
    identity: { send: answer },
    destroy: () => undefined,
  } as unknown as ChimeClients;
}

/** The handler with canned Chime clients, and one request through it (throws unless it answers 200 with data). */
export function ownWorkHandler(
  config: Config,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): () => Promise<void> {
  const handler = createGraphqlHandler(config, { clients: cannedClients(config, String(variables.channelArn)) });
  const body = JSON.stringify({ query, variables });
  const event = (): APIGatewayProxyEventV2 => ({
    version: "2.0",
    routeKey: "POST /graphql",
    rawPath: "/graphql",
    rawQueryString: "",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, host: "localhost" },
    requestContext: {
      http: { method: "POST", path: "/graphql", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: "bench",
      routeKey: "POST /graphql",
      stage: "$default",
      time: "",
      timeEpoch: 0,
      accountId: "bench",
      apiId: "bench",
      domainName: "localhost",
      domainPrefix: "localhost",
    },
    body,
    isBase64Encoded: false,
  });
  const context = (): Context =>
    ({
      awsRequestId: crypto.randomUUID(),
      functionName: "graphql",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:graphql",
      memoryLimitInMB: "1024",
      logGroupName: "/aws/lambda/graphql",
      logStreamName: "bench",
      getRemainingTimeInMillis: () => 29_000,
    }) as Context;
  return async () => {
    const result = await handler(event(), context());
    if (result.statusCode !== 200 || result.body?.includes('"errors"')) throw new Error(`Failed: ${result.body}`);
  };
}

export interface OwnWork {
  /** Median µs of the handler's own work per request. */
  microseconds: number;
  summary: ProfileSummary;
}

export async function profileOwnWork(
  config: Config,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  projectRoot: string,
  calls = 1000,
): Promise<OwnWork> {
  const call = ownWorkHandler(config, token, query, variables);
  for (let i = 0; i < calls; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  for (let i = 0; i < calls; i++) await call();
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  const summary = new ProfileSummary(projectRoot);
  summary.add(profile as unknown as CpuProfile);
  times.sort((a, b) => a - b);
  return { microseconds: times[Math.floor(times.length / 2)] * 1000, summary };
}
