/** The configuration read from the environment (a pure unit: no server). */
import { COGNITO_SUB_PATTERN, ConfigError, loadConfig } from "../../src/config";

const APP = "arn:aws:chime:eu-central-1:111122223333:app-instance/0f1e2d3c-aaaa-bbbb-cccc-123456789012";
const USER_ROLE = "arn:aws:iam::111122223333:role/chime-chat-api-user";

const local = {
  API_ENV: "local",
  CHIME_APP_INSTANCE_ARN: APP,
  CHIME_USER_ROLE_ARN: USER_ROLE,
  COGNITO_ISSUER: "http://localhost:9229/local_abc/",
  COGNITO_CLIENT_ID: "client-a",
};

const aws = {
  CHIME_APP_INSTANCE_ARN: APP,
  CHIME_USER_ROLE_ARN: USER_ROLE,
  COGNITO_USER_POOL_ID: "eu-central-1_AbC123",
  COGNITO_CLIENT_ID: "client-a, client-b",
};

test("local: the issuer and its JWKS, introspection and suggestions on", () => {
  expect(loadConfig(local)).toEqual({
    environment: "local",
    region: "eu-central-1",
    appInstanceArn: APP,
    backendUserArn: `${APP}/user/backend_worker`,
    auth: {
      mode: "local",
      issuer: "http://localhost:9229/local_abc",
      jwksUri: "http://localhost:9229/local_abc/.well-known/jwks.json",
      clientIds: ["client-a"],
      tokenUses: ["id"],
      adminGroup: "admins",
    },
    graphql: { introspection: true, suggestions: true, maxBodyBytes: 102400, maxMutationFields: 5 },
    chime: { connectionTimeoutMs: 3000, requestTimeoutMs: 10000 },
    credentials: {
      userRoleArn: USER_ROLE,
      sessionTagKey: "my_applications_user_id",
      durationSeconds: 3600,
      reservedUserIds: ["backend_worker"],
    },
    identity: { userIdPattern: new RegExp(`^(?:${COGNITO_SUB_PATTERN})$`, "u"), reservedUserIds: ["backend_worker"] },
    rateLimits: {
      table: undefined,
      buckets: {
        sends: { perMinute: 60, burst: 10 },
        signals: { perMinute: 30, burst: 5 },
        channels: { perMinute: 30, burst: 10 },
        members: { perMinute: 30, burst: 10 },
        credentials: { perMinute: 10, burst: 5 },
        devices: { perMinute: 10, burst: 5 },
      },
    },
    serviceName: "chime-chat-api",
    metrics: { namespace: "ChimeChatApi" },
    push: undefined,
    moderation: { channelFlowArn: undefined, decisionsTable: undefined },
  });
});

test("identity: Cognito's subs are user ids; the backend user's id and RESERVED_USER_IDS never are", () => {
  const { identity } = loadConfig({ ...local, RESERVED_USER_IDS: "ops_bot, audit.bot" });
  expect(identity.reservedUserIds).toEqual(["backend_worker", "ops_bot", "audit.bot"]);
  expect(identity.userIdPattern.test("0f1e2d3c-aaaa-4bbb-8ccc-123456789012")).toBe(true);
  for (const sub of [
    "backend_worker",
    "alice",
    "0F1E2D3C-AAAA-4BBB-8CCC-123456789012",
    "0f1e2d3c-aaaa-4bbb-8ccc-1234567890123",
  ]) {
    expect(identity.userIdPattern.test(sub)).toBe(false);
  }
  const other = loadConfig({ ...local, AUTH_USER_ID_PATTERN: "auth0-[0-9a-f]{24}" }).identity.userIdPattern;
  expect(other.test("auth0-0123456789abcdef01234567")).toBe(true);
  expect(other.test("xauth0-0123456789abcdef01234567")).toBe(false);
});

test("rate limits: per class <per minute>/<burst> or off, and the table", () => {
  const { rateLimits } = loadConfig({
    ...local,
    RATE_LIMIT_TABLE: "chat-dev-rate-limits",
    RATE_LIMIT_SENDS: "120/20",
    RATE_LIMIT_CREDENTIALS: "off",
    RATE_LIMIT_READS: "600/60",
  });
  expect(rateLimits).toEqual({
    table: "chat-dev-rate-limits",
    buckets: {
      sends: { perMinute: 120, burst: 20 },
      signals: { perMinute: 30, burst: 5 },
      channels: { perMinute: 30, burst: 10 },
      members: { perMinute: 30, burst: 10 },
      devices: { perMinute: 10, burst: 5 },
      reads: { perMinute: 600, burst: 60 },
    },
  });
});

test("AWS (the default): the user pool, introspection and suggestions off", () => {
  const config = loadConfig({ ...aws, AWS_REGION: "eu-central-1", AUTH_TOKEN_USE: "any", ADMIN_GROUP: "ops" });
  expect(config.environment).toBe("aws");
  expect(config.auth).toEqual({
    mode: "aws",
    userPoolId: "eu-central-1_AbC123",
    clientIds: ["client-a", "client-b"],
    tokenUses: ["id", "access"],
    adminGroup: "ops",
  });
  expect(config.graphql).toMatchObject({ introspection: false, suggestions: false });
  expect(loadConfig({ ...aws, GRAPHQL_INTROSPECTION: "true" }).graphql.introspection).toBe(true);
});

test("credentials: the user role, the session tag key and the duration", () => {
  const config = loadConfig({
    ...aws,
    CHIME_USER_ROLE_ARN: "arn:aws-cn:iam::111122223333:role/chat/users/ChimeUser+Role=1,2.3@x-y",
    CHIME_SESSION_TAG_KEY: "app user:id/é",
    CREDENTIALS_DURATION_SECONDS: "900",
  });
  expect(config.credentials).toEqual({
    userRoleArn: "arn:aws-cn:iam::111122223333:role/chat/users/ChimeUser+Role=1,2.3@x-y",
    sessionTagKey: "app user:id/é",
    durationSeconds: 900,
    reservedUserIds: ["backend_worker"],
  });
  expect(loadConfig({ ...aws, CREDENTIALS_DURATION_SECONDS: "3600" }).credentials.durationSeconds).toBe(3600);
});

test.each([
  ["no user role", { ...local, CHIME_USER_ROLE_ARN: "" }, /CHIME_USER_ROLE_ARN is required/],
  [
    "a user (not role) ARN",
    { ...aws, CHIME_USER_ROLE_ARN: "arn:aws:iam::111122223333:user/alice" },
    /CHIME_USER_ROLE_ARN must be an IAM role ARN/,
  ],
  [
    "a role ARN without account",
    { ...local, CHIME_USER_ROLE_ARN: "arn:aws:iam:::role/chat" },
    /CHIME_USER_ROLE_ARN must be/,
  ],
  [
    "a role name too long",
    { ...local, CHIME_USER_ROLE_ARN: `arn:aws:iam::111122223333:role/${"r".repeat(65)}` },
    /CHIME_USER_ROLE_ARN must be/,
  ],
  [
    "a role name with a wildcard",
    { ...local, CHIME_USER_ROLE_ARN: "arn:aws:iam::111122223333:role/chat*" },
    /CHIME_USER_ROLE_ARN must be/,
  ],
  [
    "an STS assumed-role ARN",
    { ...local, CHIME_USER_ROLE_ARN: "arn:aws:sts::111122223333:assumed-role/chat/s" },
    /CHIME_USER_ROLE_ARN must be/,
  ],
  [
    "a tag key with a policy-variable character",
    { ...local, CHIME_SESSION_TAG_KEY: "user}id" },
    /CHIME_SESSION_TAG_KEY must be an IAM tag key/,
  ],
  ["a tag key with a wildcard", { ...local, CHIME_SESSION_TAG_KEY: "user*" }, /CHIME_SESSION_TAG_KEY/],
  ["a reserved aws: tag key", { ...local, CHIME_SESSION_TAG_KEY: "AWS:userid" }, /CHIME_SESSION_TAG_KEY/],
  ["a tag key too long", { ...local, CHIME_SESSION_TAG_KEY: "k".repeat(129) }, /CHIME_SESSION_TAG_KEY/],
  [
    "a duration below 900 s",
    { ...local, CREDENTIALS_DURATION_SECONDS: "899" },
    /CREDENTIALS_DURATION_SECONDS must be an integer from 900 to 3600/,
  ],
  [
    "a duration above one hour (role chaining)",
    { ...local, CREDENTIALS_DURATION_SECONDS: "3601" },
    /CREDENTIALS_DURATION_SECONDS must be an integer from 900 to 3600/,
  ],
  ["a duration that is no integer", { ...local, CREDENTIALS_DURATION_SECONDS: "1h" }, /CREDENTIALS_DURATION_SECONDS/],
  ["no app instance", { ...local, CHIME_APP_INSTANCE_ARN: "" }, /CHIME_APP_INSTANCE_ARN is required/],
  ["a bad app instance ARN", { ...local, CHIME_APP_INSTANCE_ARN: "arn:aws:chime:x" }, /CHIME_APP_INSTANCE_ARN must be/],
  ["an unknown API_ENV", { ...local, API_ENV: "staging" }, /API_ENV must be local or aws/],
  ["no client id", { ...local, COGNITO_CLIENT_ID: " " }, /COGNITO_CLIENT_ID is required/],
  ["a bad token use", { ...local, AUTH_TOKEN_USE: "refresh" }, /AUTH_TOKEN_USE/],
  [
    "a local issuer on AWS",
    { ...aws, COGNITO_ISSUER: "http://localhost:9229/local_abc" },
    /COGNITO_ISSUER is for API_ENV=local/,
  ],
  ["a cognito-local pool on AWS", { ...aws, COGNITO_USER_POOL_ID: "local_abc" }, /COGNITO_USER_POOL_ID/],
  ["no issuer locally", { ...local, COGNITO_ISSUER: "" }, /COGNITO_ISSUER is required/],
  ["an issuer that is no URL", { ...local, COGNITO_ISSUER: "localhost:9229" }, /COGNITO_ISSUER must be/],
  [
    "a backend user of another app",
    { ...local, CHIME_BACKEND_USER_ARN: "arn:aws:chime:eu-central-1:1:app-instance/x/user/b" },
    /CHIME_BACKEND_USER_ARN/,
  ],
  [
    "a flag that is no boolean",
    { ...local, GRAPHQL_INTROSPECTION: "yes" },
    /GRAPHQL_INTROSPECTION must be true or false/,
  ],
  ["a body limit too small", { ...local, GRAPHQL_MAX_BODY_BYTES: "10" }, /GRAPHQL_MAX_BODY_BYTES/],
  [
    "a user id pattern that admits the backend user",
    { ...local, AUTH_USER_ID_PATTERN: "[a-z_]+" },
    /AUTH_USER_ID_PATTERN admits the reserved user id "backend_worker"/,
  ],
  [
    "a user id pattern that admits a reserved id",
    { ...local, AUTH_USER_ID_PATTERN: ".+", RESERVED_USER_IDS: "x" },
    /AUTH_USER_ID_PATTERN admits/,
  ],
  ["a user id pattern that is no regular expression", { ...local, AUTH_USER_ID_PATTERN: "(" }, /AUTH_USER_ID_PATTERN/],
  ["a reserved id that is no user id", { ...local, RESERVED_USER_IDS: "a b" }, /RESERVED_USER_IDS/],
  ["a limit that is no rate", { ...local, RATE_LIMIT_SENDS: "fast" }, /RATE_LIMIT_SENDS must be/],
  ["a limit of zero", { ...local, RATE_LIMIT_MEMBERS: "0/10" }, /RATE_LIMIT_MEMBERS must be/],
  [
    "a burst below the mutation fields a document may run",
    { ...local, RATE_LIMIT_CHANNELS: "60/3" },
    /RATE_LIMIT_CHANNELS: the burst must be at least GRAPHQL_MAX_MUTATION_FIELDS/,
  ],
  ["a table name that is none", { ...local, RATE_LIMIT_TABLE: "a" }, /RATE_LIMIT_TABLE/],
  ["too many mutation fields", { ...local, GRAPHQL_MAX_MUTATION_FIELDS: "0" }, /GRAPHQL_MAX_MUTATION_FIELDS/],
  ["a push app that is no push app ARN", { ...local, CHIME_PUSH_APP_ARN: "my-app" }, /CHIME_PUSH_APP_ARN must be/],
  [
    "a push app of another region than the app instance",
    { ...local, CHIME_PUSH_APP_ARN: `arn:aws:mobiletargeting:us-east-1:${APP.split(":")[4]}:apps/0123abcd` },
    /CHIME_PUSH_APP_ARN must be in the app instance's account and region/,
  ],
  [
    "a channel flow of another app instance",
    { ...local, CHIME_CHANNEL_FLOW_ARN: "arn:aws:chime:eu-central-1:111122223333:app-instance/other/channel-flow/f" },
    /CHIME_CHANNEL_FLOW_ARN/,
  ],
  ["a denials table name that is none", { ...local, MODERATION_DECISIONS_TABLE: "a" }, /MODERATION_DECISIONS_TABLE/],
])("%s is refused at load, naming the variable", (_, env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test("push: the push application of the app instance's account and region; message text only when allowed", () => {
  const [region, account] = APP.split(":").slice(3, 5);
  const appArn = `arn:aws:mobiletargeting:${region}:${account}:apps/0123456789abcdef0123456789abcdef`;
  expect(loadConfig({ ...aws, CHIME_PUSH_APP_ARN: appArn }).push).toEqual({ appArn, includeContent: false });
  expect(loadConfig({ ...aws, CHIME_PUSH_APP_ARN: appArn, PUSH_INCLUDE_CONTENT: "true" }).push).toEqual({
    appArn,
    includeContent: true,
  });
  expect(loadConfig({ ...aws, CHIME_PUSH_APP_ARN: "", PUSH_INCLUDE_CONTENT: "true" }).push).toBeUndefined();
});

test("moderation: the channel flow of the app instance, and the denials' table", () => {
  const channelFlowArn = `${APP}/channel-flow/1f2e3d4c`;
  expect(
    loadConfig({ ...local, CHIME_CHANNEL_FLOW_ARN: channelFlowArn, MODERATION_DECISIONS_TABLE: "denials" }).moderation,
  ).toEqual({ channelFlowArn, decisionsTable: "denials" });
});

test("metrics: the namespace and service name Powertools writes them under", () => {
  expect(
    loadConfig({ ...aws, POWERTOOLS_METRICS_NAMESPACE: "Chat", POWERTOOLS_SERVICE_NAME: "chat-prod" }),
  ).toMatchObject({
    serviceName: "chat-prod",
    metrics: { namespace: "Chat" },
  });
});
