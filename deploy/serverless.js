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

async function settings({ resolveVariable }) {
  const param = (name) => resolveVariable(`param:${name}`);
  const [
    stage,
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
  ] = await Promise.all([
    resolveVariable("sls:stage"),
    param("userPoolId"),
    param("userPoolClientId"),
    param("corsOrigins"),
    param("throttleBurst"),
    param("throttleRate"),
    param("credentialsDurationSeconds"),
    param("retain"),
    param("logRetentionDays"),
    resolveVariable("self:resources.Resources.AppInstance.Properties.BackendUserId"),
    param("reservedUserIds"),
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
  return {
    corsOrigins: origins(corsOrigins, stage),
    throttleBurst: integer("throttleBurst", burst, 1, 1_000_000),
    throttleRate: integer("throttleRate", rate, 1, 1_000_000),
    credentialsDurationSeconds: String(credentialsDurationSeconds),
    // At least IAM's minimum (one hour); longer would not help, see ROLE_CHAINING_MAX_SECONDS.
    userRoleMaxSessionSeconds: Math.max(3600, credentialsDurationSeconds),
    retainAppInstance: String(keep),
    deletionPolicy: keep ? "Retain" : "Delete",
    userPoolDeletionProtection: keep ? "ACTIVE" : "INACTIVE",
    logRetentionInDays,
    // For the user role's policies (policies/serverless.js); the API reads the same list.
    reservedUserIds: reservedUserIds(backendUserId, reserved),
  };
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
  if ((await resolveVariable("sls:stage")) === "local") return null;
  return {
    handler: "handlers/appInstanceBootstrap.handler",
    role: "AppInstanceBootstrapRole",
    memorySize: 256,
    timeout: 120,
    environment: await bootstrapEnvironment({ resolveVariable }),
  };
}

module.exports = { settings, bootstrapEnvironment, bootstrapFunction };
