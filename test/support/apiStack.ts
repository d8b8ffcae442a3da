/**
 * The whole API stack for tests, over real HTTP: the local AWS endpoint (with an app instance, the
 * backend service user promoted to AppInstanceAdmin, and the role policies bound to it), a recording
 * proxy in front of it, a token issuer (cognito-local, or a test key with its own JWKS), and the REAL
 * Lambda handler (`handlers/graphql.ts`) configured through the environment and served as API Gateway
 * would call it.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type * as GraphqlHandlerModule from "../../handlers/graphql";
import type { LocalEndpointOptions } from "../../local/endpoint/localEndpoint";
import type { RequestLogEntry } from "../../local/endpoint/server";
import { startLocalDynamo, type LocalDynamo } from "../../local/stack/dynamo";
import { loadConfig } from "../../src/config";
import { createGraphqlHandler, type HandlerDependencies } from "../../src/graphql/lambda";
import { ModerationDecisions } from "../../src/moderation/decisions";
import {
  createFlow,
  inProcessLambda,
  moderationProcessor,
  MODERATION_FUNCTION,
  MODERATION_FUNCTION_ARN,
} from "./channelFlows";
import { startCognitoLocal, type CognitoLocal } from "./cognitoLocal";
import { serveLambda, type LambdaHttpHandler, type LambdaHttpOptions, type LambdaHttpServer } from "./lambdaHttp";
import { serveThroughOffline } from "./offlineGateway";
import { createApp, makeAdmin, startTestEndpoint, testRegion, type TestEndpoint } from "./localEndpoint";
import { createPushApp } from "./push";
import { startRecordingProxy, type RecordingProxy } from "./recordingProxy";
import { startTestIssuer, type TestIssuer } from "./testJwks";

export const BACKEND_USER_ID = "backend_worker";
export const ADMIN_GROUP = "admins";

export interface ApiUser {
  sub: string;
  /** `<appInstanceArn>/user/<sub>` */
  arn: string;
  /** An ID token. */
  token: string;
  accessToken?: string;
}

export interface GraphQLResponse<Data = unknown> {
  status: number;
  headers: Headers;
  body: {
    data?: Data | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface ApiServer {
  url: string;
  /** POSTs a GraphQL request as JSON with the token as `Authorization: Bearer`. */
  gql<Data = unknown>(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

export interface ApiStack extends ApiServer {
  t: TestEndpoint;
  appInstanceArn: string;
  /** With `push`: the push application the API and the roles have. */
  pushAppArn?: string;
  backendUserArn: string;
  /** Every call the API made to the local endpoint. */
  proxy: RecordingProxy;
  /** Every request the local endpoint answered (the API's and the test's own). */
  endpointLog: RequestLogEntry[];
  cognito?: CognitoLocal;
  issuer?: TestIssuer;
  /** The DynamoDB emulator of the rate limits, with `rateLimits`. */
  dynamo?: LocalDynamo & { table: string };
  /** A user with a fresh ID token; with cognito-local, signed up and signed in. */
  user(name: string, options?: { admin?: boolean }): Promise<ApiUser>;
  /**
   * Another API server on the same stack with more configuration (e.g. `GRAPHQL_INTROSPECTION`), and
   * optionally dependencies of the handler (e.g. the credentials cache's clock) and its function's
   * timeout (served by lambda-http only; sls offline's is serverless.yml's).
   */
  startApi(
    env: Record<string, string>,
    dependencies?: HandlerDependencies,
    serving?: Pick<LambdaHttpOptions, "timeoutMs">,
  ): Promise<ApiServer>;
}

/**
 * How the handler is served. `sls-offline`: through the real sls offline (offlineGateway.ts), whose
 * API Gateway mapping is not ours, for the tests whose subject is that mapping (headers, bodies, GET,
 * request ids); it starts an sls offline per API server (seconds each). `lambda-http` (the default):
 * test/support/lambdaHttp.ts, the same mapping written here, in-process and fast, for the rest;
 * test/api/gateway.test.ts holds it to serverless-offline's.
 */
export type Gateway = "lambda-http" | "sls-offline";

export interface ApiStackOptions {
  /** How the handler is served (Gateway); `lambda-http` by default. */
  gateway?: Gateway;
  /** `cognito-local` (default) or a test key with its own JWKS. */
  auth?: "cognito-local" | "test-issuer";
  /** More environment for the handler (e.g. `AUTH_TOKEN_USE`). */
  env?: Record<string, string>;
  /** Options of the local endpoint (e.g. a narrower server policy through `account.policyTemplates`). */
  endpoint?: LocalEndpointOptions;
  /** Per-user rate limits in a DynamoDB emulator (in memory), as `npm start` runs them. */
  rateLimits?: boolean;
  /** A push application for the API (CHIME_PUSH_APP_ARN) and the roles, as `npm start` makes one. */
  push?: boolean;
  /**
   * Moderation as a deployment with `moderation=true` has it: a channel flow running the real
   * moderation processor (in this process, behind the endpoint's invoker interface; test/support/
   * channelFlows.ts), its denials in the DynamoDB emulator, the moderation policies of the roles in
   * force, and the API configured with the flow and the denials' table.
   */
  moderation?: boolean;
}

/**
 * Serves a handler built with `env`. The first one of a test file is the handler module itself
 * (`handlers/graphql.ts`, which reads its configuration when it loads: one stack per test file);
 * others are built by the same factory the module calls. `loadOnly` variables are put back after the
 * handler is built; the others stay, as the SDK reads credentials and endpoints lazily.
 */
async function serveHandler(
  gateway: Gateway,
  env: Record<string, string>,
  build: "module" | "factory",
  loadOnly: string[] = [],
  dependencies: HandlerDependencies = {},
  serving: Pick<LambdaHttpOptions, "timeoutMs"> = {},
): Promise<ApiServer> {
  const previous = new Map(loadOnly.map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  let handler: LambdaHttpHandler;
  try {
    handler =
      build === "module"
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded now, once the environment is set
          (require("../../handlers/graphql") as typeof GraphqlHandlerModule).handler
        : createGraphqlHandler(loadConfig(process.env), dependencies);
  } finally {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const server: LambdaHttpServer =
    gateway === "sls-offline" ? await serveThroughOffline(handler) : await serveLambda(handler, serving);
  const url = `${server.url}/graphql`;
  return {
    url,
    async gql(token, query, variables, headers = {}) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      let body: GraphQLResponse["body"];
      try {
        body = JSON.parse(text) as GraphQLResponse["body"];
      } catch {
        throw new Error(`Not JSON (HTTP ${response.status}): ${text.slice(0, 200)}`);
      }
      return { status: response.status, headers: response.headers, body } as GraphQLResponse<never>;
    },
    close: () => server.close(),
  };
}

export async function startApiStack(options: ApiStackOptions = {}): Promise<ApiStack> {
  const endpointLog: RequestLogEntry[] = [];
  // Filled in once the endpoint runs (the processor calls it back).
  const processors: Record<string, (event: unknown) => Promise<void>> = {};
  // The API reaches the endpoint through the recording proxy, which forwards the Host it was sent.
  const t = await startTestEndpoint({
    ...options.endpoint,
    ...(options.moderation
      ? {
          lambda: inProcessLambda(processors),
          account: { ...options.endpoint?.account, moderation: true },
        }
      : {}),
    trust: { hostPorts: "any" },
    log: (entry) => endpointLog.push(entry),
  });
  const app = await createApp(t.identity, [BACKEND_USER_ID]);
  await makeAdmin(t.identity, app, BACKEND_USER_ID);
  await t.usePoliciesFor(app.appInstanceArn);
  const pushAppArn = options.push
    ? await createPushApp({ port: t.endpoint.port, developerKey: t.credentials.developer })
    : undefined;
  if (pushAppArn) t.endpoint.account.setPushAppArn(pushAppArn);
  const proxy = await startRecordingProxy(t.endpoint.url);

  const cognito = options.auth === "test-issuer" ? undefined : await startCognitoLocal();
  const issuer = options.auth === "test-issuer" ? await startTestIssuer() : undefined;
  const table = "chime-chat-api-rate-limits";
  const decisionsTable = t.endpoint.account.config.moderationDecisionsTableName;
  const dynamo =
    options.rateLimits || options.moderation
      ? {
          ...(await startLocalDynamo({ host: "127.0.0.1", port: 0, table, otherTables: [decisionsTable] })),
          table,
        }
      : undefined;
  const processor = options.moderation
    ? moderationProcessor(
        t.endpoint.url,
        t.endpoint.account.moderationKey,
        new ModerationDecisions(
          new DynamoDBClient({
            endpoint: dynamo?.url,
            region: testRegion,
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
          }),
          decisionsTable,
        ),
      )
    : undefined;
  if (processor) processors[MODERATION_FUNCTION] = processor.handler;
  const channelFlowArn = options.moderation
    ? await createFlow(t.messaging, app, { functionArns: [MODERATION_FUNCTION_ARN] })
    : undefined;
  const auth = cognito
    ? { COGNITO_ISSUER: cognito.issuer, COGNITO_CLIENT_ID: cognito.clientId }
    : { COGNITO_ISSUER: (issuer as TestIssuer).issuer, COGNITO_CLIENT_ID: (issuer as TestIssuer).clientId };

  const baseEnv: Record<string, string> = {
    API_ENV: "local",
    CHIME_APP_INSTANCE_ARN: app.appInstanceArn,
    ...auth,
    ADMIN_GROUP,
    AWS_REGION: testRegion,
    // The local account's user role and its session tag, which the `credentials` mutation vends.
    CHIME_USER_ROLE_ARN: t.endpoint.account.userRoleArn,
    CHIME_SESSION_TAG_KEY: t.endpoint.account.config.sessionTagKey,
    // The server key stands for the Lambda role: the API reaches "AWS" with the SDK's standard
    // credential and endpoint variables, through the recording proxy.
    AWS_ACCESS_KEY_ID: t.credentials.server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.credentials.server.secretAccessKey,
    AWS_ENDPOINT_URL: proxy.url,
    POWERTOOLS_LOG_LEVEL: "SILENT",
    // Metrics would be printed to stdout (test/api/metrics.test.ts records them instead).
    POWERTOOLS_METRICS_DISABLED: "true",
    ...(dynamo ? { AWS_ENDPOINT_URL_DYNAMODB: dynamo.url } : {}),
    ...(options.rateLimits ? { RATE_LIMIT_TABLE: table } : {}),
    ...(channelFlowArn ? { CHIME_CHANNEL_FLOW_ARN: channelFlowArn, MODERATION_DECISIONS_TABLE: decisionsTable } : {}),
    ...(pushAppArn ? { CHIME_PUSH_APP_ARN: pushAppArn } : {}),
    ...options.env,
  };
  // Only a stack that asks for them has rate limits, moderation, or push.
  if (!pushAppArn) delete process.env.CHIME_PUSH_APP_ARN;
  if (!options.rateLimits) delete process.env.RATE_LIMIT_TABLE;
  if (!dynamo) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!channelFlowArn) {
    delete process.env.CHIME_CHANNEL_FLOW_ARN;
    delete process.env.MODERATION_DECISIONS_TABLE;
  }
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_ENDPOINT_URL_STS; // STS goes through the recording proxy too
  delete process.env.AWS_PROFILE;
  const gateway = options.gateway ?? "lambda-http";
  const api = await serveHandler(gateway, baseEnv, "module");
  const extraServers: ApiServer[] = [];

  return {
    ...api,
    t,
    appInstanceArn: app.appInstanceArn,
    pushAppArn,
    backendUserArn: `${app.appInstanceArn}/user/${BACKEND_USER_ID}`,
    proxy,
    endpointLog,
    cognito,
    issuer,
    dynamo,
    async user(name, userOptions = {}) {
      const groups = userOptions.admin ? [ADMIN_GROUP] : [];
      if (cognito) {
        const created = await cognito.createUser(`${name}-${Math.random().toString(36).slice(2, 8)}@example.com`, {
          groups,
        });
        const tokens = await cognito.signIn(created);
        return {
          sub: created.sub,
          arn: `${app.appInstanceArn}/user/${created.sub}`,
          token: tokens.idToken,
          accessToken: tokens.accessToken,
        };
      }
      const sub = crypto.randomUUID();
      const claims = { name, ...(groups.length ? { "cognito:groups": groups } : {}) };
      return {
        sub,
        arn: `${app.appInstanceArn}/user/${sub}`,
        token: (issuer as TestIssuer).token({ sub, claims }),
        accessToken: (issuer as TestIssuer).token({ sub, claims, tokenUse: "access" }),
      };
    },
    async startApi(env, dependencies, serving) {
      const server = await serveHandler(
        gateway,
        { ...baseEnv, ...env },
        "factory",
        Object.keys(env),
        dependencies,
        serving,
      );
      extraServers.push(server);
      return server;
    },
    async close() {
      for (const server of extraServers) await server.close();
      await api.close();
      await cognito?.close();
      await issuer?.close();
      processor?.close();
      await dynamo?.close();
      await proxy.close();
      await t.close();
    },
  };
}
