/**
 * The API under `osls offline start --stage local`, with the real serverless.yml: its `local` params
 * read what the bootstrap made from the environment given here. The API reaches "AWS" the standard
 * way: AWS_REGION, the endpoint's server key (which stands for the Lambda role) and AWS_ENDPOINT_URL.
 */
import { dirname, join } from "node:path";
import { describeExit, startChild, type Child } from "./children";
import type { Env } from "./settings";

export interface ApiEnvironmentInput {
  host: string;
  /** Where sls offline listens: Unix sockets, behind the launcher's guard (apiGuard.ts). */
  socket: string;
  lambdaSocket: string;
  /** The development origins its CORS answers (serverless.yml's `local` corsOrigins). */
  corsOrigins: readonly string[];
  region: string;
  awsEndpoint: string;
  serverKey: { accessKeyId: string; secretAccessKey: string };
  appInstanceArn: string;
  backendUserArn: string;
  userRoleArn: string;
  sessionTagKey: string;
  userPoolClientId: string;
  cognitoIssuer: string;
  cognitoJwksUri: string;
  /** The Cognito group the bootstrap made for admins. */
  adminGroup: string;
  /** The DynamoDB emulator and its rate limit table (local/stack/dynamo.ts). */
  dynamoEndpoint: string;
  rateLimitTable: string;
  /** The local account's push application (local/stack/pushApp.ts). */
  pushAppArn: string;
  /**
   * With moderation: the flow new channels run, the denials' table, and the key of the local
   * moderation role, which the processor under sls offline signs with (deploy/moderation.js).
   */
  moderation?: {
    channelFlowArn: string;
    decisionsTable: string;
    processorKey: { accessKeyId: string; secretAccessKey: string };
  };
}

/** What the API and the moderation processor read of moderation, set only with it on. */
const MODERATION_VARIABLES = [
  "CHIME_CHANNEL_FLOW_ARN",
  "MODERATION_DECISIONS_TABLE",
  "MODERATION_ACCESS_KEY_ID",
  "MODERATION_SECRET_ACCESS_KEY",
];

/** Variables that would point the API at other credentials or endpoints than the local ones. */
function isForeignAwsVariable(name: string): boolean {
  return (
    name === "AWS_PROFILE" ||
    name === "AWS_DEFAULT_PROFILE" ||
    name === "AWS_SESSION_TOKEN" ||
    name === "AWS_SECURITY_TOKEN" ||
    name === "AWS_CREDENTIAL_EXPIRATION" ||
    name === "AWS_ROLE_ARN" ||
    name === "AWS_WEB_IDENTITY_TOKEN_FILE" ||
    name === "AWS_DEFAULT_REGION" ||
    // A service-specific endpoint variable would win over AWS_ENDPOINT_URL.
    name.startsWith("AWS_ENDPOINT_URL_")
  );
}

/** The environment of the sls offline process: the parent's, cleaned, plus the stack's. */
export function apiEnvironment(parent: Env, input: ApiEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !isForeignAwsVariable(name) && !MODERATION_VARIABLES.includes(name)) env[name] = value;
  }
  const { moderation } = input;
  return {
    ...env,
    // serverless.yml's `local` params and serverless-offline's listeners.
    CHIME_APP_INSTANCE_ARN: input.appInstanceArn,
    CHIME_USER_ROLE_ARN: input.userRoleArn,
    CHIME_SESSION_TAG_KEY: input.sessionTagKey,
    CHIME_BACKEND_USER_ARN: input.backendUserArn,
    COGNITO_CLIENT_ID: input.userPoolClientId,
    COGNITO_ISSUER: input.cognitoIssuer,
    COGNITO_JWKS_URI: input.cognitoJwksUri,
    ADMIN_GROUP: input.adminGroup,
    // The API's default, unless the developer sets another (900 to 3600).
    CREDENTIALS_DURATION_SECONDS: env.CREDENTIALS_DURATION_SECONDS ?? "3600",
    API_HOST: input.host,
    API_SOCKET: input.socket,
    API_LAMBDA_SOCKET: input.lambdaSocket,
    API_CORS_ORIGINS: input.corsOrigins.join(","),
    // The SDK's standard configuration (these pass through to the handler).
    AWS_REGION: input.region,
    AWS_ACCESS_KEY_ID: input.serverKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.serverKey.secretAccessKey,
    AWS_ENDPOINT_URL: input.awsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamoEndpoint,
    RATE_LIMIT_TABLE: input.rateLimitTable,
    CHIME_PUSH_APP_ARN: input.pushAppArn,
    // serverless.yml's local `moderation` param; the developer's MODERATION_WORDS and the like pass through.
    MODERATION_ENABLED: String(moderation !== undefined),
    ...(moderation
      ? {
          CHIME_CHANNEL_FLOW_ARN: moderation.channelFlowArn,
          MODERATION_DECISIONS_TABLE: moderation.decisionsTable,
          MODERATION_ACCESS_KEY_ID: moderation.processorKey.accessKeyId,
          MODERATION_SECRET_ACCESS_KEY: moderation.processorKey.secretAccessKey,
        }
      : {}),
  };
}

export function oslsBin(): string {
  // The project's osls, never a global `serverless` (v4 needs a login and the network).
  return join(dirname(require.resolve("osls/package.json")), "bin", "serverless.js");
}

export function startOfflineApi(options: { projectRoot: string; region: string; env: Record<string, string> }): Child {
  return startChild({
    name: "api",
    script: oslsBin(),
    args: ["offline", "start", "--stage", "local", "--region", options.region],
    cwd: options.projectRoot,
    env: options.env,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the API answers a GraphQL request without a token with its 401 (the handler itself
 * answered, through the guard, not just serverless-offline's listener), or the child exits, or the
 * time is up.
 */
export async function waitForApi(graphqlUrl: string, api: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (!api.running) throw new Error(`sls offline ${describeExit(await api.exited)} before the API answered.`);
    try {
      const response = await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.text();
      if (response.status === 401 && body.includes("UNAUTHENTICATED")) return;
      last = `HTTP ${response.status}: ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`The API at ${graphqlUrl} did not answer in ${Math.round(timeoutMs / 1000)} s (last: ${last}).`);
}
