/**
 * The configuration read from the environment (a pure unit: no server). Defaults are read from the
 * docs that promise them (docs/configuration.md, docs/limits.md), so that changing one means changing
 * its doc; limits that are AWS's are stated from AWS's documentation, named beside them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COGNITO_SUB_PATTERN, ConfigError, loadConfig } from "../../src/config";

const docsDir = join(__dirname, "..", "..", "docs");

/** The rows of the first Markdown table after `heading` in a doc, as cells with backticks removed. */
function tableAfter(doc: string, heading: string): string[][] {
  const text = readFileSync(join(docsDir, doc), "utf8");
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${doc} has no heading ${heading}`);
  const lines = text.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** docs/configuration.md's API variables and their documented defaults, as written (backticks kept). */
const documentedDefault: Record<string, string> = {};
for (const [variables, defaults] of tableAfter("configuration.md", "## The API")) {
  // A row may name several variables and give their defaults in the same order: `A`, `B` | `1`, `2`.
  const names = variables.split(", ");
  const values = names.length > 1 ? defaults.split(", ") : [defaults];
  names.forEach((name, i) => (documentedDefault[name.replace(/`/g, "")] = values[i]));
}

/** A default written as one code span: `3000` -> "3000". */
function code(variable: string): string {
  const cell = documentedDefault[variable];
  const match = /^`([^`]*)`$/.exec(cell ?? "");
  if (!match) throw new Error(`docs/configuration.md gives ${variable} no single default: ${cell}`);
  return match[1];
}

/** A default that differs by environment: "`true` with `API_ENV=local`, else `false`". */
function byEnvironment(variable: string, environment: "local" | "aws"): boolean {
  const match = /^`(true|false)` with `API_ENV=local`, else `(true|false)`$/.exec(documentedDefault[variable] ?? "");
  if (!match) throw new Error(`docs/configuration.md gives ${variable} no per-environment default`);
  return (environment === "local" ? match[1] : match[2]) === "true";
}

/** docs/limits.md's default buckets: "60 a minute, 10 at once", or "off" (no bucket). */
function documentedBuckets(): Record<string, { perMinute: number; burst: number }> {
  const buckets: Record<string, { perMinute: number; burst: number }> = {};
  for (const [klass, , value] of tableAfter("limits.md", "## What is limited")) {
    const name = /^`(\w+)`/.exec(klass)?.[1];
    if (!name) throw new Error(`docs/limits.md: no class in ${klass}`);
    if (value === "off") continue;
    const rate = /^(\d+) a minute, (\d+) at once$/.exec(value);
    if (!rate) throw new Error(`docs/limits.md: ${name}'s default reads ${value}`);
    buckets[name] = { perMinute: Number(rate[1]), burst: Number(rate[2]) };
  }
  return buckets;
}

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

test("local: the issuer and its JWKS, introspection and suggestions on; every other value its documented default", () => {
  const issuer = "http://localhost:9229/local_abc";
  const backendUserArn = code("CHIME_BACKEND_USER_ARN").replace("<app instance>", APP);
  expect(loadConfig(local)).toEqual({
    environment: "local",
    // The app instance's region, when neither AWS_REGION nor AWS_DEFAULT_REGION is set.
    region: "eu-central-1",
    appInstanceArn: APP,
    backendUserArn,
    auth: {
      mode: "local",
      issuer,
      jwksUri: code("COGNITO_JWKS_URI").replace("<issuer>", issuer),
      clientIds: ["client-a"],
      tokenUses: [code("AUTH_TOKEN_USE")],
      adminGroup: code("ADMIN_GROUP"),
    },
    graphql: {
      introspection: byEnvironment("GRAPHQL_INTROSPECTION", "local"),
      suggestions: byEnvironment("GRAPHQL_SUGGESTIONS", "local"),
      maxBodyBytes: Number(code("GRAPHQL_MAX_BODY_BYTES")),
      maxMutationFields: Number(code("GRAPHQL_MAX_MUTATION_FIELDS")),
      compileAfterRuns: Number(code("GRAPHQL_COMPILE_AFTER")),
    },
    chime: {
      connectionTimeoutMs: Number(code("CHIME_CONNECTION_TIMEOUT_MS")),
      requestTimeoutMs: Number(code("CHIME_REQUEST_TIMEOUT_MS")),
    },
    credentials: {
      userRoleArn: USER_ROLE,
      sessionTagKey: code("CHIME_SESSION_TAG_KEY"),
      durationSeconds: Number(code("CREDENTIALS_DURATION_SECONDS")),
      // "the backend user's always is one" (RESERVED_USER_IDS).
      reservedUserIds: [backendUserArn.split("/").pop()],
    },
    identity: {
      userIdPattern: new RegExp(`^(?:${COGNITO_SUB_PATTERN})$`, "u"),
      reservedUserIds: [backendUserArn.split("/").pop()],
    },
    rateLimits: { table: undefined, buckets: documentedBuckets() },
    serviceName: code("POWERTOOLS_SERVICE_NAME"),
    metrics: { namespace: code("POWERTOOLS_METRICS_NAMESPACE") },
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
  const others = Object.entries(documentedBuckets()).filter(([name]) => name !== "credentials");
  expect(rateLimits).toEqual({
    table: "chat-dev-rate-limits",
    buckets: {
      ...Object.fromEntries(others),
      sends: { perMinute: 120, burst: 20 },
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
  expect(config.graphql).toMatchObject({
    introspection: byEnvironment("GRAPHQL_INTROSPECTION", "aws"),
    suggestions: byEnvironment("GRAPHQL_SUGGESTIONS", "aws"),
  });
  expect(config.graphql).toMatchObject({ introspection: false, suggestions: false });
  expect(loadConfig({ ...aws, GRAPHQL_INTROSPECTION: "true" }).graphql.introspection).toBe(true);
  expect(loadConfig({ ...aws, GRAPHQL_COMPILE_AFTER: "0" }).graphql.compileAfterRuns).toBe(0);
  expect(loadConfig({ ...aws, GRAPHQL_COMPILE_AFTER: "OFF" }).graphql.compileAfterRuns).toBeUndefined();
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
  // IAM API Reference, CreateRole: a RoleName is 1 to 64 characters of [\w+=,.@-], without wildcards.
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
  // AWS STS API Reference, Tag (Key: 1 to 128 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@]); IAM User Guide,
  // "Tagging IAM resources": the aws: prefix is reserved for AWS's own tags.
  [
    "a tag key with a policy-variable character",
    { ...local, CHIME_SESSION_TAG_KEY: "user}id" },
    /CHIME_SESSION_TAG_KEY must be an IAM tag key/,
  ],
  ["a tag key with a wildcard", { ...local, CHIME_SESSION_TAG_KEY: "user*" }, /CHIME_SESSION_TAG_KEY/],
  ["a reserved aws: tag key", { ...local, CHIME_SESSION_TAG_KEY: "AWS:userid" }, /CHIME_SESSION_TAG_KEY/],
  ["a tag key too long", { ...local, CHIME_SESSION_TAG_KEY: "k".repeat(129) }, /CHIME_SESSION_TAG_KEY/],
  // AWS STS API Reference, AssumeRole: DurationSeconds from 900; IAM User Guide, "Roles terms and
  // concepts" (role chaining): a role session assuming a role, as a Lambda role does, gets one hour at most.
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
  ["a compile threshold that is no count", { ...local, GRAPHQL_COMPILE_AFTER: "never" }, /GRAPHQL_COMPILE_AFTER/],
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
