/**
 * Deployment parameters (`--param="key=value"`, or `params` in serverless.yml), checked and turned
 * into the values serverless.yml uses: `${file(./deploy/serverless.js):settings}` under `custom`.
 * A bad value fails `osls package` / `osls deploy` with a message naming the parameter, before
 * anything reaches CloudFormation. docs/deploy.md lists the parameters.
 */

/** CloudWatch Logs' allowed retention periods, in days. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * The Lambda role's credentials are a role session, so the user role's credentials are role
 * chaining, which STS caps at one hour whatever the role's MaxSessionDuration.
 */
const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * The regions where both Amazon Chime SDK messaging and Amazon Chime SDK identity have endpoints: the
 * "Messaging" and "Identity" tables of AWS's "Amazon Chime SDK endpoints and quotas" (AWS General
 * Reference, chime-sdk.html), as read in December 2026; messaging came to eu-central-1 in May 2022
 * (AWS What's New). A deploy elsewhere would fail late, at the custom resource, after most of the
 * stack was built. Add a region here when AWS lists it for both.
 */
const CHIME_MESSAGING_REGIONS = ["us-east-1", "eu-central-1"];

/** The Lambda's own execution environment; the offline stage runs on the developer's machine. */
const OFFLINE_STAGE = "local";

/** Cognito's feature plans (`UserPoolTier`). */
const USER_POOL_TIERS = ["LITE", "ESSENTIALS", "PLUS"];

/** `mfa` -> Cognito's MfaConfiguration. TOTP (an authenticator app) only: no SMS costs or SNS setup. */
const MFA = { off: "OFF", optional: "OPTIONAL", required: "ON" };

/** CloudFormation's "leave this property out". */
const NO_VALUE = { Ref: "AWS::NoValue" };

class ParameterError extends Error {
  constructor(name, message) {
    super(`Parameter ${name}: ${message}`);
    this.name = "ParameterError";
    // Serverless prints the stack of a resolver's error: for a bad parameter the message is all.
    this.stack = `${this.name}: ${this.message}`;
  }
}

function integer(name, value, min, max) {
  const text = String(value).trim();
  const parsed = Number(text);
  if (!/^\d+$/.test(text) || parsed < min || parsed > max) {
    throw new ParameterError(name, `must be an integer from ${min} to ${max}, not "${value}".`);
  }
  return parsed;
}

function boolean(name, value) {
  const text = String(value).trim().toLowerCase();
  if (text === "true") return true;
  if (text === "false") return false;
  throw new ParameterError(name, `must be true or false, not "${value}".`);
}

function origins(value, stage) {
  const list = String(value)
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  if (list.length === 0) {
    throw new ParameterError(
      "corsOrigins",
      `is required for stage ${stage}: --param="corsOrigins=https://app.example.com,https://admin.example.com".`,
    );
  }
  for (const origin of list) {
    // API Gateway takes `*`, or scheme://host[:port], with at most one wildcard in the host.
    if (origin !== "*" && !/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
      throw new ParameterError("corsOrigins", `"${origin}" is not * or an origin such as https://app.example.com.`);
    }
  }
  if (list.includes("*") && list.length > 1) throw new ParameterError("corsOrigins", "* stands alone.");
  return list;
}

/** The AppInstanceUserId pattern (Chime's identity model). */
const USER_ID = /^[A-Za-z0-9]([A-Za-z0-9:\-_.@]{0,62}[A-Za-z0-9])?$/;

/** The backend user's id and the `reservedUserIds` parameter: ids no user's credentials may act as. */
function reservedUserIds(backendUserId, extra) {
  const ids = [
    backendUserId,
    ...String(extra)
      .split(",")
      .map((id) => id.trim()),
  ].filter((id) => id !== "");
  for (const id of ids) {
    if (!USER_ID.test(id)) throw new ParameterError("reservedUserIds", `"${id}" is not an AppInstanceUser id.`);
  }
  return [...new Set(ids)];
}

function oneOf(name, value, allowed) {
  const text = String(value).trim();
  if (!allowed.includes(text)) throw new ParameterError(name, `must be one of ${allowed.join(", ")}, not "${value}".`);
  return text;
}

function chimeRegion(region, stage) {
  if (stage === OFFLINE_STAGE || CHIME_MESSAGING_REGIONS.includes(region)) return region;
  throw new ParameterError(
    "region",
    `Amazon Chime SDK messaging and identity run only in ${CHIME_MESSAGING_REGIONS.join(" and ")}, not in ${region} ` +
      "(deploy/serverless.js names AWS's list).",
  );
}

const APP_INSTANCE_ARN = /^arn:aws[a-z-]*:chime:([a-z0-9-]+):\d{12}:app-instance\/[A-Za-z0-9-]+$/;

/** An app instance to adopt: Chime is regional, so it must be in the stack's region. */
function adoptedAppInstance(value, region) {
  const arn = String(value).trim();
  if (arn === "") return "";
  const match = APP_INSTANCE_ARN.exec(arn);
  if (!match) throw new ParameterError("adoptAppInstanceArn", `"${arn}" is not an app instance ARN.`);
  if (match[1] !== region) {
    throw new ParameterError(
      "adoptAppInstanceArn",
      `the app instance is in ${match[1]}; the stack deploys to ${region}.`,
    );
  }
  return arn;
}

const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/(.+)$/;

/**
 * Cognito's email through a verified SES identity (`EmailSendingAccount: DEVELOPER`), or Cognito's own
 * sender, which AWS limits to a few messages a day and does not offer for production.
 */
function emailConfiguration(identityArn, from) {
  const arn = String(identityArn).trim();
  const sender = String(from).trim();
  if (arn === "") {
    if (sender !== "") throw new ParameterError("sesFromAddress", "needs sesIdentityArn (the verified SES identity).");
    return NO_VALUE;
  }
  const match = SES_IDENTITY_ARN.exec(arn);
  if (!match)
    throw new ParameterError("sesIdentityArn", `"${arn}" is not an SES identity ARN (arn:aws:ses:...:identity/...).`);
  const identity = match[1];
  // A domain identity sends as any address of the domain, but Cognito needs to be told which.
  if (!identity.includes("@") && !new RegExp(`@${identity.replace(/\./g, "\\.")}>?$`, "i").test(sender)) {
    throw new ParameterError(
      "sesFromAddress",
      `is required for the domain identity ${identity}: an address at ${identity}.`,
    );
  }
  return {
    EmailSendingAccount: "DEVELOPER",
    SourceArn: arn,
    ...(sender !== "" ? { From: sender } : {}),
  };
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[\w-]{1,256}$/;

/** The alarms' topic: CloudWatch notifies a topic of the alarm's own region only. */
function alarmTopic(value, region) {
  const arn = String(value).trim();
  if (arn === "") return "";
  const match = SNS_TOPIC_ARN.exec(arn);
  if (!match) throw new ParameterError("alarmTopicArn", `"${arn}" is not an SNS topic ARN.`);
  if (match[1] !== region)
    throw new ParameterError("alarmTopicArn", `the topic is in ${match[1]}; alarms notify a topic of ${region}.`);
  return arn;
}

/**
 * Per-route throttling (the HTTP API stage's RouteSettings): `<METHOD /path>=<rate>/<burst>`, comma-
 * separated; a route left out gets the stage's throttleRate and throttleBurst.
 */
function routeSettings(value, routeKeys, rate, burst) {
  const routes = Object.fromEntries(
    routeKeys.map((key) => [key, { ThrottlingBurstLimit: burst, ThrottlingRateLimit: rate }]),
  );
  for (const item of String(value)
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const match = /^([A-Z]+ \/\S*)=(\d+)\/(\d+)$/.exec(item);
    if (!match) throw new ParameterError("routeThrottles", `"${item}" is not <METHOD /path>=<rate>/<burst>.`);
    if (!routes[match[1]]) {
      throw new ParameterError("routeThrottles", `"${match[1]}" is not a route (${routeKeys.join(", ")}).`);
    }
    routes[match[1]] = {
      ThrottlingBurstLimit: integer("routeThrottles", match[3], 0, 1_000_000),
      ThrottlingRateLimit: integer("routeThrottles", match[2], 0, 1_000_000),
    };
  }
  return routes;
}

/**
 * The HTTP API stage's RouteSettings (`${file(./deploy/serverless.js):routeSettings}`): apart from
 * `settings`, as it reads the functions' routes, whose authorizer comes from `settings`.
 */
async function routeThrottleSettings({ resolveVariable }) {
  const [value, functions, rate, burst] = await Promise.all([
    resolveVariable("param:routeThrottles"),
    resolveVariable("self:functions"),
    resolveVariable("self:custom.settings.throttleRate"),
    resolveVariable("self:custom.settings.throttleBurst"),
  ]);
  return routeSettings(value, httpApiRouteKeys(functions), rate, burst);
}

/** The route keys (`POST /graphql`) of the httpApi events of every function. */
function httpApiRouteKeys(functions) {
  return Object.values(functions || {})
    .filter(Boolean)
    .flatMap((fn) => fn.events || [])
    .map((event) => event.httpApi)
    .filter((httpApi) => httpApi && typeof httpApi === "object")
    .map((httpApi) => `${String(httpApi.method).toUpperCase()} ${httpApi.path}`);
}

/**
 * The HTTP API's access log line (JSON, one per request): who, what, how it ended, how long it took,
 * and the Lambda request id that the function's own log lines carry (`requestId`).
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  lambdaRequestId: "$context.integration.requestId",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  sub: "$context.authorizer.claims.sub",
});

async function settings({ resolveVariable }) {
  const param = (name) => resolveVariable(`param:${name}`);
  const [
    stage,
    region,
    service,
    userPoolId,
    userPoolClientId,
    corsOrigins,
    burst,
    rate,
    duration,
    retain,
    logDays,
    backendUserId,
    reserved,
    adopt,
    mfa,
    tier,
    sesIdentityArn,
    sesFromAddress,
    topic,
    dashboard,
    concurrency,
    tracing,
    retentionDays,
  ] = await Promise.all([
    resolveVariable("sls:stage"),
    resolveVariable("self:provider.region"),
    resolveVariable("self:service"),
    param("userPoolId"),
    param("userPoolClientId"),
    param("corsOrigins"),
    param("throttleBurst"),
    param("throttleRate"),
    param("credentialsDurationSeconds"),
    param("retain"),
    param("logRetentionDays"),
    resolveVariable("self:resources.0.Resources.AppInstance.Properties.BackendUserId"),
    param("reservedUserIds"),
    param("adoptAppInstanceArn"),
    param("mfa"),
    param("userPoolTier"),
    param("sesIdentityArn"),
    param("sesFromAddress"),
    param("alarmTopicArn"),
    param("dashboard"),
    param("reservedConcurrency"),
    param("tracing"),
    param("messageRetentionDays"),
  ]);
  if (userPoolClientId && !userPoolId) {
    throw new ParameterError("userPoolClientId", "an existing app client needs its user pool: pass userPoolId too.");
  }
  if (userPoolId && !/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) {
    throw new ParameterError("userPoolId", `"${userPoolId}" is not a user pool id such as us-east-1_AbC123.`);
  }
  if (userPoolClientId && !/^[a-z0-9]{1,128}$/.test(userPoolClientId)) {
    throw new ParameterError("userPoolClientId", `"${userPoolClientId}" is not an app client id.`);
  }
  const credentialsDurationSeconds = integer("credentialsDurationSeconds", duration, 900, ROLE_CHAINING_MAX_SECONDS);
  const keep = boolean("retain", retain);
  const logRetentionInDays = integer("logRetentionDays", logDays, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(logRetentionInDays)) {
    throw new ParameterError("logRetentionDays", `must be one of ${LOG_RETENTION_DAYS.join(", ")}.`);
  }
  const throttleBurst = integer("throttleBurst", burst, 1, 1_000_000);
  const throttleRate = integer("throttleRate", rate, 1, 1_000_000);
  const offline = stage === OFFLINE_STAGE;
  const traced = boolean("tracing", tracing);
  const mfaConfiguration = MFA[oneOf("mfa", mfa, Object.keys(MFA))];
  const reservedConcurrency = String(concurrency).trim();
  return {
    region: chimeRegion(region, stage),
    // The issuer of a given pool's tokens: the pool's own region is the first part of its id.
    givenUserPoolIssuer: userPoolId
      ? `https://cognito-idp.${userPoolId.split("_")[0]}.amazonaws.com/${userPoolId}`
      : "",
    corsOrigins: origins(corsOrigins, stage),
    throttleBurst,
    throttleRate,
    accessLogFormat: ACCESS_LOG_FORMAT,
    // The JWT authorizer of the routes (provider.httpApi.authorizers). None offline: serverless-offline
    // 13 only decodes the token (no signature check), and the function checks every token fully anyway.
    graphqlAuthorizer: offline ? "" : "cognito",
    credentialsDurationSeconds: String(credentialsDurationSeconds),
    // At least IAM's minimum (one hour); longer would not help, see ROLE_CHAINING_MAX_SECONDS.
    userRoleMaxSessionSeconds: Math.max(3600, credentialsDurationSeconds),
    // RetainExceptOnCreate: kept by a `remove`, deleted when CloudFormation rolls back the operation that
    // created it (a failed first deploy leaves nothing behind). Replacements follow UpdateReplacePolicy.
    appInstanceDeletionPolicy: keep ? "RetainExceptOnCreate" : "Delete",
    appInstanceReplacePolicy: keep ? "Retain" : "Delete",
    adoptAppInstanceArn: adoptedAppInstance(adopt, region),
    // The user pool keeps Retain: with deletion protection on, a rollback could not delete it anyway.
    deletionPolicy: keep ? "Retain" : "Delete",
    userPoolDeletionProtection: keep ? "ACTIVE" : "INACTIVE",
    userPoolTier: oneOf("userPoolTier", String(tier).toUpperCase(), USER_POOL_TIERS),
    mfaConfiguration,
    enabledMfas: mfaConfiguration === "OFF" ? NO_VALUE : ["SOFTWARE_TOKEN_MFA"],
    emailConfiguration: emailConfiguration(sesIdentityArn, sesFromAddress),
    logRetentionInDays,
    // For the user role's policies (policies/serverless.js); the API reads the same list.
    reservedUserIds: reservedUserIds(backendUserId, reserved),
    // Monitoring (deploy/monitoring.js): metrics of the API (src/metrics) under this namespace, with the
    // stage's service name as their `service` dimension, so that two stages never share a series.
    metricsNamespace: "ChimeChatApi",
    metricsService: `${service}-${stage}`,
    metricsDisabled: String(offline),
    alarmTopicArn: alarmTopic(topic, region),
    dashboard: boolean("dashboard", dashboard) && !offline,
    reservedConcurrency:
      reservedConcurrency === "" ? null : integer("reservedConcurrency", reservedConcurrency, 1, 10_000),
    // X-Ray: Active tracing, and the handler that records each AWS call as a subsegment (its code is
    // bundled only into that handler; bench:cold-start measures it). Off: no TracingConfig, and no
    // X-Ray permission for the role.
    tracingMode: traced && !offline ? "Active" : false,
    graphqlHandler: traced && !offline ? "handlers/graphqlTraced.handler" : "handlers/graphql.handler",
    messageRetentionDays: messageRetention(retentionDays),
  };
}

/**
 * The app instance's message retention, which the AppInstance custom resource applies: "" leaves it as
 * it is (the default: a stack that never set one changes nothing), "off" turns it off, or 1 to 5475
 * days (Chime's RetentionDays).
 */
function messageRetention(value) {
  const text = String(value ?? "")
    .trim()
    .toLowerCase();
  if (text === "" || text === "off") return text;
  return String(integer("messageRetentionDays", text, 1, 5475));
}

/**
 * The environment of the app instance bootstrap function: every variable of provider.environment
 * (which all functions inherit) set empty, but NODE_OPTIONS. The bootstrap needs none of the API's
 * configuration, and it must not reference the app instance it creates (a dependency cycle).
 */
async function bootstrapEnvironment({ resolveVariable }) {
  const environment = (await resolveVariable("self:provider.environment")) || {};
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, name === "NODE_OPTIONS" ? value : ""]),
  );
}

/**
 * The app instance bootstrap function (the custom resource's code). Its own role: the API's role names
 * the app instance, so the function that makes it cannot use that role. None on the `local` stage
 * (the null falls back to serverless.yml's `null`, which drops the function).
 */
async function bootstrapFunction({ resolveVariable }) {
  if ((await resolveVariable("sls:stage")) === OFFLINE_STAGE) return null;
  return {
    handler: "handlers/appInstanceBootstrap.handler",
    role: "AppInstanceBootstrapRole",
    memorySize: 256,
    timeout: 120,
    environment: await bootstrapEnvironment({ resolveVariable }),
  };
}

module.exports = {
  settings,
  routeSettings: routeThrottleSettings,
  bootstrapEnvironment,
  bootstrapFunction,
  // For the feature fragments (deploy/moderation.js): the same checks and errors.
  ParameterError,
  boolean,
  oneOf,
  OFFLINE_STAGE,
};
