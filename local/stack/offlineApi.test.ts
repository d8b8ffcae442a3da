import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiEnvironment, type ApiEnvironmentInput } from "./offlineApi";
import { projectRoot } from "./settings";

const input: ApiEnvironmentInput = {
  host: "127.0.0.1",
  socket: "/home/dev/project/.local/api.sock",
  lambdaSocket: "/home/dev/project/.local/lambda.sock",
  corsOrigins: ["http://127.0.0.1:5173", "http://localhost:5173"],
  region: "us-east-1",
  awsEndpoint: "http://127.0.0.1:4566",
  serverKey: { accessKeyId: "AKIASERVER", secretAccessKey: "server-secret" },
  appInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/abc",
  backendUserArn: "arn:aws:chime:us-east-1:111122223333:app-instance/abc/user/backend_worker",
  userRoleArn: "arn:aws:iam::111122223333:role/chime-chat-api-user",
  sessionTagKey: "my_applications_user_id",
  userPoolClientId: "client",
  cognitoIssuer: "http://127.0.0.1:9229/local_abc",
  cognitoJwksUri: "http://127.0.0.1:9229/local_abc/.well-known/jwks.json",
  adminGroup: "admins",
  dynamoEndpoint: "http://127.0.0.1:4569",
  rateLimitTable: "chime-chat-api-rate-limits",
  pushAppArn: "arn:aws:mobiletargeting:us-east-1:111122223333:apps/0123456789abcdef0123456789abcdef",
};

/** The developer's own settings, which the API defaults when they are empty (src/config.ts). */
const OPTIONAL = [
  "RESERVED_USER_IDS",
  "RATE_LIMIT_SENDS",
  "RATE_LIMIT_SIGNALS",
  "RATE_LIMIT_CHANNELS",
  "RATE_LIMIT_MEMBERS",
  "RATE_LIMIT_CREDENTIALS",
  "RATE_LIMIT_DEVICES",
  "RATE_LIMIT_READS",
  "PUSH_INCLUDE_CONTENT",
  "GRAPHQL_MAX_MUTATION_FIELDS",
  // Moderation's settings, as the deployment's parameters (with defaults in serverless.yml).
  "MODERATION_WORDS",
  "MODERATION_WORD_ACTION",
  "MODERATION_PERSONAL_DATA",
  "MODERATION_PERSONAL_DATA_ACTION",
  "MODERATION_FALLBACK",
];

test("every variable serverless.yml reads is given, so no local param falls back to its default", () => {
  const yml = readFileSync(join(projectRoot, "serverless.yml"), "utf8");
  const read = [...yml.matchAll(/\$\{env:([A-Z0-9_]+)/g)].map((match) => match[1]);
  expect(read.length).toBeGreaterThan(5);
  const env = apiEnvironment({}, input);
  const missing = read.filter((name) => env[name] === undefined || env[name] === "");
  expect(missing.filter((name) => !OPTIONAL.includes(name))).toEqual([]);
});

test("the developer's optional settings (limits, reserved ids) pass through; the emulator's endpoint and table are set", () => {
  const given = Object.fromEntries(OPTIONAL.map((name) => [name, `${name.toLowerCase()}-value`]));
  expect(apiEnvironment(given, input)).toMatchObject({
    ...given,
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:4569",
    RATE_LIMIT_TABLE: "chime-chat-api-rate-limits",
  });
  // A developer's own DynamoDB endpoint would not be the emulator's.
  expect(apiEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: "https://elsewhere" }, input).AWS_ENDPOINT_URL_DYNAMODB).toBe(
    "http://127.0.0.1:4569",
  );
});

test("the API gets the server key, the region and the endpoint, and none of the developer's AWS settings", () => {
  const env = apiEnvironment(
    {
      PATH: "/usr/bin",
      AWS_PROFILE: "prod",
      AWS_DEFAULT_PROFILE: "prod",
      AWS_SESSION_TOKEN: "a-real-session",
      AWS_ACCESS_KEY_ID: "AKIAREAL",
      AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING: "https://elsewhere",
    },
    input,
  );
  expect(env.PATH).toBe("/usr/bin");
  expect(env).toMatchObject({
    AWS_ACCESS_KEY_ID: "AKIASERVER",
    AWS_SECRET_ACCESS_KEY: "server-secret",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
    CHIME_APP_INSTANCE_ARN: input.appInstanceArn,
    CHIME_USER_ROLE_ARN: input.userRoleArn,
    CHIME_PUSH_APP_ARN: input.pushAppArn,
    COGNITO_ISSUER: input.cognitoIssuer,
    API_SOCKET: input.socket,
    API_LAMBDA_SOCKET: input.lambdaSocket,
    API_CORS_ORIGINS: "http://127.0.0.1:5173,http://localhost:5173",
  });
  for (const name of [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING",
  ]) {
    expect(env[name]).toBeUndefined();
  }
});

test("moderation: off unless the stack has a flow; on, the flow, the denials and the processor's own key", () => {
  const leftover = { CHIME_CHANNEL_FLOW_ARN: "arn:stale", MODERATION_ACCESS_KEY_ID: "AKIASTALE" };
  const off = apiEnvironment(leftover, input);
  expect(off.MODERATION_ENABLED).toBe("false");
  expect(off.CHIME_CHANNEL_FLOW_ARN).toBeUndefined();
  expect(off.MODERATION_ACCESS_KEY_ID).toBeUndefined();
  const on = apiEnvironment(leftover, {
    ...input,
    moderation: {
      channelFlowArn: `${input.appInstanceArn}/channel-flow/f`,
      decisionsTable: "chime-chat-api-moderation-decisions",
      processorKey: { accessKeyId: "AKIAMODERATION", secretAccessKey: "moderation-secret" },
    },
  });
  expect(on).toMatchObject({
    MODERATION_ENABLED: "true",
    CHIME_CHANNEL_FLOW_ARN: `${input.appInstanceArn}/channel-flow/f`,
    MODERATION_DECISIONS_TABLE: "chime-chat-api-moderation-decisions",
    MODERATION_ACCESS_KEY_ID: "AKIAMODERATION",
    MODERATION_SECRET_ACCESS_KEY: "moderation-secret",
    // The API itself keeps the server key.
    AWS_ACCESS_KEY_ID: "AKIASERVER",
  });
});
