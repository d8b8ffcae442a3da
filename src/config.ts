/**
 * The API's configuration, read from the environment once when the Lambda container loads and
 * validated there: a bad configuration fails the cold start, not a request.
 *
 * AWS access itself is not configured here: the SDK clients use the default credential chain (the
 * Lambda role on AWS; `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` locally) and the SDK's standard
 * endpoint variables (`AWS_ENDPOINT_URL`, or `AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING`,
 * `AWS_ENDPOINT_URL_CHIME_SDK_IDENTITY` and `AWS_ENDPOINT_URL_STS`) to reach the local endpoint.
 */

import { APP_INSTANCE_USER_ID } from "./chime/bearer";

export type ApiEnvironment = "local" | "aws";
export type TokenUse = "id" | "access";

export type AuthConfig =
  | {
      /** A real Cognito user pool: `CognitoJwtVerifier`, JWKS over HTTPS from cognito-idp. */
      mode: "aws";
      userPoolId: string;
      clientIds: string[];
      tokenUses: TokenUse[];
      adminGroup: string;
    }
  | {
      /** cognito-local (or any Cognito-shaped issuer): the generic verifier with an explicit issuer and JWKS. */
      mode: "local";
      issuer: string;
      jwksUri: string;
      clientIds: string[];
      tokenUses: TokenUse[];
      adminGroup: string;
    };

export interface Config {
  environment: ApiEnvironment;
  region: string;
  appInstanceArn: string;
  /** The backend service user (AppInstanceAdmin) that admin-only operations run as. */
  backendUserArn: string;
  auth: AuthConfig;
  graphql: {
    introspection: boolean;
    /** Field suggestions ("Did you mean ...?") and schema details in errors; off in production. */
    suggestions: boolean;
    /** Largest request body accepted, in bytes. */
    maxBodyBytes: number;
    /** Root fields (aliases count) one mutation document may run. */
    maxMutationFields: number;
    /**
     * Runs of an operation in a container before graphql-jit compiles it (src/graphql/execution.ts);
     * undefined: never compiled, graphql-js runs everything.
     */
    compileAfterRuns: number | undefined;
  };
  /** Timeouts of one Chime (or STS) call, in milliseconds. */
  chime: { connectionTimeoutMs: number; requestTimeoutMs: number };
  /** The STS credentials the `credentials` mutation vends (src/credentials). */
  credentials: CredentialsConfig;
  /** Which token subs may become user ids (docs/identity.md). */
  identity: IdentityConfig;
  /** Per-user limits (src/limits); `table` undefined: none. */
  rateLimits: RateLimitsConfig;
  serviceName: string;
  /** The API's metrics (src/metrics); Powertools reads POWERTOOLS_METRICS_DISABLED itself. */
  metrics: { namespace: string };
  /** Mobile push notifications (src/push, docs/mobile.md); undefined: no push application, NOT_CONFIGURED. */
  push: PushConfig | undefined;
  /** Moderation (docs/deploy.md, "Moderation"): off unless the deployment made a channel flow. */
  moderation: ModerationSettings;
}

export interface PushConfig {
  /** The push application (an Amazon Pinpoint app ARN) devices register with (`CHIME_PUSH_APP_ARN`). */
  appArn: string;
  /** Whether a push's default body quotes the message (`PUSH_INCLUDE_CONTENT`, false: the sender's name only). */
  includeContent: boolean;
}

export interface ModerationSettings {
  /** The channel flow new channels are associated with (`CHIME_CHANNEL_FLOW_ARN`); undefined: none. */
  channelFlowArn: string | undefined;
  /** The table of the moderation processor's denials (`MODERATION_DECISIONS_TABLE`); undefined: none. */
  decisionsTable: string | undefined;
}

export interface IdentityConfig {
  /** What an issuer's `sub` must look like to be a user id (`AUTH_USER_ID_PATTERN`, anchored). */
  userIdPattern: RegExp;
  /** Ids no token may map to: the backend user's and `RESERVED_USER_IDS`. None matches `userIdPattern`. */
  reservedUserIds: string[];
}

/** The operation classes limited per user: what each protects is in docs/limits.md. */
export const LIMIT_CLASSES = ["sends", "signals", "channels", "members", "credentials", "devices", "reads"] as const;
export type LimitClass = (typeof LIMIT_CLASSES)[number];

export interface BucketConfig {
  /** Tokens added per minute (the sustained rate). */
  perMinute: number;
  /** The bucket's size: how many calls may come at once after a quiet spell. */
  burst: number;
}

export interface RateLimitsConfig {
  /** The DynamoDB table of the buckets (`RATE_LIMIT_TABLE`); undefined: no per-user limits. */
  table: string | undefined;
  /** Each class's bucket; a class left out is not limited. */
  buckets: Partial<Record<LimitClass, BucketConfig>>;
}

export interface CredentialsConfig {
  /** The user role that AssumeRole vends sessions of (`CHIME_USER_ROLE_ARN`). */
  userRoleArn: string;
  /** The session tag carrying the user id, which the user role's policy names (`CHIME_SESSION_TAG_KEY`). */
  sessionTagKey: string;
  /** Lifetime of a vended session (`CREDENTIALS_DURATION_SECONDS`); at most the role's maximum. */
  durationSeconds: number;
  /** Ids never put in the session tag (IdentityConfig's): a second check behind src/auth's. */
  reservedUserIds: string[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`Invalid configuration: ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const APP_INSTANCE_ARN = /^arn:aws[a-z-]*:chime:([a-z0-9-]+):(\d{12}):app-instance\/[A-Za-z0-9-]+$/;
const PUSH_APP_ARN = /^arn:aws[a-z-]*:mobiletargeting:([a-z0-9-]+):(\d{12}):apps\/[A-Za-z0-9]+$/;
const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
// IAM: an optional path (`/` or `/a/b/`, printable ASCII) and a role name of 1 to 64 of [\w+=,.@-].
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;
// IAM/STS tag keys: 1 to 128 letters, separators, numbers and _.:/=+-@; `aws:` is reserved.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = text(env, name);
  if (value === undefined) throw new ConfigError(`${name} is required.`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new ConfigError(`${name} must be true or false, not "${value}".`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}.`);
  }
  return parsed;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`${name} must be http(s).`);
  return value.replace(/\/+$/, "");
}

function tokenUses(env: Env): TokenUse[] {
  const value = text(env, "AUTH_TOKEN_USE") ?? "id";
  const uses = value === "any" ? ["id", "access"] : list(value);
  if (uses.length === 0 || uses.some((use) => use !== "id" && use !== "access")) {
    throw new ConfigError(`AUTH_TOKEN_USE must be id, access or any, not "${value}".`);
  }
  return uses as TokenUse[];
}

function authConfig(env: Env, environment: ApiEnvironment): AuthConfig {
  const clientIds = list(required(env, "COGNITO_CLIENT_ID"));
  const common = { clientIds, tokenUses: tokenUses(env), adminGroup: text(env, "ADMIN_GROUP") ?? "admins" };
  if (environment === "aws") {
    if (text(env, "COGNITO_ISSUER") !== undefined) {
      // A deployed stage must never trust another issuer (cognito-local's key is public).
      throw new ConfigError("COGNITO_ISSUER is for API_ENV=local only; on AWS the issuer follows the user pool.");
    }
    const userPoolId = required(env, "COGNITO_USER_POOL_ID");
    if (!USER_POOL_ID.test(userPoolId) || userPoolId.startsWith("local_")) {
      throw new ConfigError("COGNITO_USER_POOL_ID must be a Cognito user pool id such as us-east-1_AbC123.");
    }
    return { mode: "aws", userPoolId, ...common };
  }
  const issuer = httpUrl("COGNITO_ISSUER", required(env, "COGNITO_ISSUER"));
  const jwksUri = httpUrl("COGNITO_JWKS_URI", text(env, "COGNITO_JWKS_URI") ?? `${issuer}/.well-known/jwks.json`);
  return { mode: "local", issuer, jwksUri, ...common };
}

/** Cognito's subs: lowercase UUIDs. */
export const COGNITO_SUB_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

function identityConfig(env: Env, backendUserId: string): IdentityConfig {
  const source = text(env, "AUTH_USER_ID_PATTERN") ?? COGNITO_SUB_PATTERN;
  let userIdPattern: RegExp;
  try {
    userIdPattern = new RegExp(`^(?:${source})$`, "u");
  } catch {
    throw new ConfigError("AUTH_USER_ID_PATTERN must be a regular expression.");
  }
  const reservedUserIds = [...new Set([backendUserId, ...list(text(env, "RESERVED_USER_IDS") ?? "")])];
  for (const id of reservedUserIds) {
    if (!APP_INSTANCE_USER_ID.test(id)) throw new ConfigError(`RESERVED_USER_IDS: "${id}" is not a user id.`);
    // The rule that keeps service identities out of reach of every token: no reserved id is a
    // possible user id, so a pattern that admits one is a configuration error, not a runtime check.
    if (userIdPattern.test(id)) {
      throw new ConfigError(`AUTH_USER_ID_PATTERN admits the reserved user id "${id}"; narrow the pattern.`);
    }
  }
  return { userIdPattern, reservedUserIds };
}

const BUCKET = /^(\d+)\/(\d+)$/;

/** The limits: defaults well below Chime's per-account API rates (docs/limits.md). */
export const DEFAULT_BUCKETS: Record<LimitClass, BucketConfig | undefined> = {
  sends: { perMinute: 60, burst: 10 },
  // Typing signals: the API sends at most one per caller and channel every 2 s (typingSignal.ts); each
  // is a SendChannelMessage, so they count against Chime's send rate, but not against the user's sends.
  signals: { perMinute: 30, burst: 5 },
  channels: { perMinute: 30, burst: 10 },
  members: { perMinute: 30, burst: 10 },
  credentials: { perMinute: 10, burst: 5 },
  // Registering and removing push devices: on sign-in, token refresh and sign-out.
  devices: { perMinute: 10, burst: 5 },
  // Off: a DynamoDB round trip on every query would cost more than the query itself (docs/limits.md).
  reads: undefined,
};

function rateLimitsConfig(env: Env, maxMutationFields: number): RateLimitsConfig {
  const buckets: Partial<Record<LimitClass, BucketConfig>> = {};
  for (const name of LIMIT_CLASSES) {
    const variable = `RATE_LIMIT_${name.toUpperCase()}`;
    const value = text(env, variable)?.toLowerCase();
    if (value === "off") continue;
    let bucket = DEFAULT_BUCKETS[name];
    if (value !== undefined) {
      const match = BUCKET.exec(value);
      const [perMinute, burst] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
      if (perMinute < 1 || perMinute > 60_000 || burst < 1 || burst > 1000) {
        throw new ConfigError(`${variable} must be <per minute>/<burst> (e.g. 60/10, 1 to 60000 / 1 to 1000) or off.`);
      }
      bucket = { perMinute, burst };
    }
    if (bucket === undefined) continue;
    // A document of the largest size allowed must fit in an idle bucket, or it could never run.
    if (name !== "reads" && bucket.burst < maxMutationFields) {
      throw new ConfigError(
        `${variable}: the burst must be at least GRAPHQL_MAX_MUTATION_FIELDS (${maxMutationFields}).`,
      );
    }
    buckets[name] = bucket;
  }
  const table = text(env, "RATE_LIMIT_TABLE");
  if (table !== undefined && !/^[\w.-]{3,255}$/.test(table)) {
    throw new ConfigError("RATE_LIMIT_TABLE must be a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -).");
  }
  return { table, buckets };
}

function credentialsConfig(env: Env, reservedUserIds: string[]): CredentialsConfig {
  const userRoleArn = required(env, "CHIME_USER_ROLE_ARN");
  if (userRoleArn.length > 2048 || !ROLE_ARN.test(userRoleArn)) {
    throw new ConfigError("CHIME_USER_ROLE_ARN must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).");
  }
  const sessionTagKey = text(env, "CHIME_SESSION_TAG_KEY") ?? "my_applications_user_id";
  if (!TAG_KEY.test(sessionTagKey) || sessionTagKey.toLowerCase().startsWith("aws:")) {
    throw new ConfigError(
      "CHIME_SESSION_TAG_KEY must be an IAM tag key: 1 to 128 letters, numbers, spaces or _.:/=+-@, not starting with aws:.",
    );
  }
  // At least STS's 900 s; at most one hour, because the API itself runs as a role session (the Lambda
  // role), and AWS caps sessions assumed from a role session ("role chaining") at one hour whatever the
  // role's MaxSessionDuration. A role whose maximum is lower still fails at the first AssumeRole,
  // which is logged as a configuration error.
  const durationSeconds = integer(env, "CREDENTIALS_DURATION_SECONDS", 3600, 900, 3600);
  return { userRoleArn, sessionTagKey, durationSeconds, reservedUserIds };
}

/**
 * The push application: Chime requires it "in the same AWS account and region as your Amazon Chime SDK
 * app instance" (developer guide, "Using mobile push notifications").
 */
function pushConfig(env: Env, appInstance: { region: string; accountId: string }): PushConfig | undefined {
  const appArn = text(env, "CHIME_PUSH_APP_ARN");
  if (appArn === undefined) return undefined;
  const parts = PUSH_APP_ARN.exec(appArn);
  if (!parts) {
    throw new ConfigError(
      "CHIME_PUSH_APP_ARN must be a push application ARN (arn:aws:mobiletargeting:<region>:<account>:apps/<id>).",
    );
  }
  if (parts[1] !== appInstance.region || parts[2] !== appInstance.accountId) {
    throw new ConfigError("CHIME_PUSH_APP_ARN must be in the app instance's account and region.");
  }
  return { appArn, includeContent: flag(env, "PUSH_INCLUDE_CONTENT", false) };
}

const TABLE_NAME = /^[\w.-]{3,255}$/;

function moderationSettings(env: Env, appInstanceArn: string): ModerationSettings {
  const channelFlowArn = text(env, "CHIME_CHANNEL_FLOW_ARN");
  if (channelFlowArn !== undefined && !new RegExp(`^${appInstanceArn}/channel-flow/[^/]+$`).test(channelFlowArn)) {
    throw new ConfigError(
      "CHIME_CHANNEL_FLOW_ARN must be a channel flow of the app instance (<appInstanceArn>/channel-flow/<id>).",
    );
  }
  const decisionsTable = text(env, "MODERATION_DECISIONS_TABLE");
  if (decisionsTable !== undefined && !TABLE_NAME.test(decisionsTable)) {
    throw new ConfigError("MODERATION_DECISIONS_TABLE must be a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -).");
  }
  return { channelFlowArn, decisionsTable };
}

/** Reads and validates the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Env): Config {
  const environmentName = text(env, "API_ENV") ?? "aws";
  if (environmentName !== "local" && environmentName !== "aws") {
    throw new ConfigError(`API_ENV must be local or aws, not "${environmentName}".`);
  }
  const environment: ApiEnvironment = environmentName;
  const appInstanceArn = required(env, "CHIME_APP_INSTANCE_ARN");
  const arnParts = APP_INSTANCE_ARN.exec(appInstanceArn);
  if (!arnParts) {
    throw new ConfigError(
      "CHIME_APP_INSTANCE_ARN must be an app instance ARN (arn:aws:chime:<region>:<account>:app-instance/<id>).",
    );
  }
  const backendUserArn = text(env, "CHIME_BACKEND_USER_ARN") ?? `${appInstanceArn}/user/backend_worker`;
  const backendUserId = backendUserArn.startsWith(`${appInstanceArn}/user/`)
    ? backendUserArn.slice(`${appInstanceArn}/user/`.length)
    : "";
  if (!APP_INSTANCE_USER_ID.test(backendUserId)) {
    throw new ConfigError(
      "CHIME_BACKEND_USER_ARN must be a user ARN of the app instance (<appInstanceArn>/user/<id>).",
    );
  }
  const local = environment === "local";
  const identity = identityConfig(env, backendUserId);
  const maxMutationFields = integer(env, "GRAPHQL_MAX_MUTATION_FIELDS", 5, 1, 50);
  return {
    environment,
    region: text(env, "AWS_REGION") ?? text(env, "AWS_DEFAULT_REGION") ?? arnParts[1],
    appInstanceArn,
    backendUserArn,
    auth: authConfig(env, environment),
    graphql: {
      introspection: flag(env, "GRAPHQL_INTROSPECTION", local),
      suggestions: flag(env, "GRAPHQL_SUGGESTIONS", local),
      maxBodyBytes: integer(env, "GRAPHQL_MAX_BODY_BYTES", 100 * 1024, 1024, 6 * 1024 * 1024),
      maxMutationFields,
      compileAfterRuns:
        text(env, "GRAPHQL_COMPILE_AFTER")?.toLowerCase() === "off"
          ? undefined
          : integer(env, "GRAPHQL_COMPILE_AFTER", 1, 0, 1_000_000),
    },
    chime: {
      connectionTimeoutMs: integer(env, "CHIME_CONNECTION_TIMEOUT_MS", 3000, 100, 60_000),
      requestTimeoutMs: integer(env, "CHIME_REQUEST_TIMEOUT_MS", 10_000, 100, 60_000),
    },
    credentials: credentialsConfig(env, identity.reservedUserIds),
    identity,
    rateLimits: rateLimitsConfig(env, maxMutationFields),
    serviceName: text(env, "POWERTOOLS_SERVICE_NAME") ?? "chime-chat-api",
    metrics: { namespace: text(env, "POWERTOOLS_METRICS_NAMESPACE") ?? "ChimeChatApi" },
    push: pushConfig(env, { region: arnParts[1], accountId: arnParts[2] }),
    moderation: moderationSettings(env, appInstanceArn),
  };
}
