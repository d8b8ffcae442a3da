/**
 * What `npm start` is configured with: the state folder, the ports and the region, all from the
 * environment. Every part listens on 127.0.0.1 only: the local keys and demo passwords open nothing
 * outside this machine, and the stack is not meant to be reachable from the network.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { normalizeOrigin } from "../http/trust";
import { readEndpointBehaviour, type EndpointBehaviour } from "./endpointBehaviour";

export type Env = Record<string, string | undefined>;

/** A port the stack listens on, with the variable that moves it (named in error messages). */
export interface PortSetting {
  /** What listens there, in words: "cognito-local", "the local AWS endpoint", ... */
  label: string;
  variable: string;
  port: number;
}

export interface StackSettings {
  host: string;
  stateDir: string;
  region: string;
  accountId: string;
  ports: {
    cognito: PortSetting;
    aws: PortSetting;
    /** The API's guard (apiGuard.ts); sls offline itself listens on a Unix socket behind it. */
    api: PortSetting;
    /** The endpoint's TLS listener: HTTPS and wss:// (amazon-chime-sdk-js always connects with wss://). */
    awsTls: PortSetting;
    /** The DynamoDB emulator of the API's per-user rate limits. */
    dynamo: PortSetting;
    /** The web client (web/dist and its config.json). */
    web: PortSetting;
  };
  /**
   * Names or addresses this machine is reached by besides 127.0.0.1 and localhost (LOCAL_AWS_TLS_HOSTS):
   * the TLS certificate covers them, and every listener answers them as its Host.
   */
  tlsHosts: string[];
  /**
   * The web origins whose pages may call cognito-local and the API from a browser: the web client's
   * (http://127.0.0.1:<WEB_PORT> and http://localhost:<WEB_PORT>) and LOCAL_DEV_ORIGINS.
   */
  devOrigins: string[];
  /** How many requests the offline API serves at once (API_MAX_CONCURRENCY); more are answered 503. */
  apiMaxConcurrency: number;
  /** Every child's output is echoed (cognito-local's request log included). */
  verbose: boolean;
  /** How long a start may take before it is given up (a hang guard, not a budget). */
  readyTimeoutMs: number;
  /**
   * Tests of clients' credential refresh only (LOCAL_STS_SESSION_CAP_SECONDS): the local STS ends every
   * session after this many seconds, whatever the API asked (AWS's shortest is 900).
   */
  stsSessionCapSeconds?: number;
  /** The endpoint's quotas and faults (endpointBehaviour.ts). */
  endpoint: EndpointBehaviour;
  /**
   * Moderation before delivery (LOCAL_MODERATION=on; off by default, as the deployment's `moderation`
   * parameter): the moderation channel flow on the welcome channel and every channel the API creates,
   * its processor run by sls offline.
   */
  moderation: boolean;
  /** What the flow does when its processor fails (MODERATION_FALLBACK, as `moderationFallback`). */
  moderationFallback: "ABORT" | "CONTINUE";
}

export interface StackPaths {
  stackFile: string;
  awsDatabase: string;
  /** cognito-local's working directory: it keeps its data under `./.cognito/` of it. */
  cognitoDir: string;
  /** The demo users' passwords, generated once. */
  demoUsersFile: string;
  /** The endpoint's TLS certificate and key, made on the first start. */
  tlsDir: string;
  /** The launcher's pid and its children's process groups, while it runs (processRecord.ts). */
  processesFile: string;
  /** The DynamoDB emulator's LevelDB folder (the rate limit buckets). */
  dynamoDir: string;
}

/**
 * The Unix sockets the guarded servers listen on: cognito-local, the API under sls offline and sls
 * offline's Lambda invoke listener. Only the launcher's guards (and the developer) reach them.
 */
export interface StackSockets {
  cognito: string;
  api: string;
  lambda: string;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/** The project root: osls must run where serverless.yml is. */
export const projectRoot = resolve(__dirname, "..", "..");

/**
 * A port number from the environment, or `fallback` when unset. 0 (any free port, chosen when
 * listening) only with `allowZero`: `npm run endpoint` prints the ports it got, but `npm start` must
 * know every port beforehand (each is checked free, handed to the other parts and put in stack.json).
 */
export function readPort(env: Env, variable: string, fallback: number, options: { allowZero?: boolean } = {}): number {
  const text = env[variable]?.trim();
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  const lowest = options.allowZero ? 0 : 1;
  if (!Number.isInteger(value) || value < lowest || value > 65535) {
    const zero = options.allowZero ? " (0: any free port)" : "";
    throw new SettingsError(`${variable} must be a port number from ${lowest} to 65535${zero}, not "${text}".`);
  }
  return value;
}

function port(env: Env, variable: string, fallback: number, label: string): PortSetting {
  return { label, variable, port: readPort(env, variable, fallback) };
}

/** LOCAL_AWS_TLS_HOSTS: comma-separated names or addresses, blanks dropped. */
export function readTlsHosts(env: Env): string[] {
  return (env.LOCAL_AWS_TLS_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim())
    .filter((host) => host !== "");
}

/**
 * How many requests the offline API serves at once. sls offline runs each concurrent request of a
 * function in a worker thread of its own, each loading the whole bundle: without a bound, 80
 * concurrent requests took 2.4 GB. A page of the web client sends a few at once.
 */
export const DEFAULT_API_MAX_CONCURRENCY = 8;

/** The web client's two origins on WEB_PORT (5173), then LOCAL_DEV_ORIGINS (comma-separated). */
export function readDevOrigins(env: Env): string[] {
  const webPort = readPort(env, "WEB_PORT", 5173);
  const origins = [`http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`];
  for (const text of (env.LOCAL_DEV_ORIGINS ?? "").split(",")) {
    if (text.trim() === "") continue;
    try {
      origins.push(normalizeOrigin(text));
    } catch (error) {
      throw new SettingsError(`LOCAL_DEV_ORIGINS: ${(error as Error).message}`);
    }
  }
  return [...new Set(origins)];
}

export function readSettings(env: Env = process.env): StackSettings {
  const ports = {
    cognito: port(env, "COGNITO_PORT", 9229, "cognito-local"),
    aws: port(env, "LOCAL_AWS_PORT", 4566, "the local AWS endpoint"),
    awsTls: port(env, "LOCAL_AWS_TLS_PORT", 4567, "the local AWS endpoint's TLS listener"),
    api: port(env, "API_PORT", 3000, "the GraphQL API"),
    dynamo: port(env, "LOCAL_DYNAMODB_PORT", 4569, "the DynamoDB emulator (rate limits)"),
    web: port(env, "WEB_PORT", 5173, "the web client"),
  };
  const seen = new Map<number, PortSetting>();
  for (const setting of Object.values(ports)) {
    const other = seen.get(setting.port);
    if (other) {
      throw new SettingsError(
        `${other.variable} and ${setting.variable} are both ${setting.port}: give each part its own port.`,
      );
    }
    seen.set(setting.port, setting);
  }
  const timeout = Number(env.LOCAL_STACK_READY_TIMEOUT_S ?? 180);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new SettingsError(
      `LOCAL_STACK_READY_TIMEOUT_S must be a number of seconds, not "${env.LOCAL_STACK_READY_TIMEOUT_S}".`,
    );
  }
  const concurrency = Number(env.API_MAX_CONCURRENCY?.trim() || DEFAULT_API_MAX_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw new SettingsError(
      `API_MAX_CONCURRENCY must be a number of requests from 1 to 1000, not "${env.API_MAX_CONCURRENCY}".`,
    );
  }
  const moderation = (env.LOCAL_MODERATION?.trim() || "off").toLowerCase();
  if (moderation !== "on" && moderation !== "off") {
    throw new SettingsError(`LOCAL_MODERATION must be on or off, not "${env.LOCAL_MODERATION}".`);
  }
  const fallback = (env.MODERATION_FALLBACK?.trim() || "ABORT").toUpperCase();
  if (fallback !== "ABORT" && fallback !== "CONTINUE") {
    throw new SettingsError(`MODERATION_FALLBACK must be ABORT or CONTINUE, not "${env.MODERATION_FALLBACK}".`);
  }
  const cap = env.LOCAL_STS_SESSION_CAP_SECONDS?.trim();
  if (cap && (!/^\d+$/.test(cap) || Number(cap) < 30 || Number(cap) > 3600)) {
    throw new SettingsError(`LOCAL_STS_SESSION_CAP_SECONDS must be a number of seconds from 30 to 3600, not "${cap}".`);
  }
  return {
    host: "127.0.0.1",
    stateDir: resolve(env.LOCAL_STATE_DIR?.trim() || ".local"),
    region: env.AWS_REGION?.trim() || "us-east-1",
    accountId: env.LOCAL_AWS_ACCOUNT_ID?.trim() || "111122223333",
    ports,
    tlsHosts: readTlsHosts(env),
    devOrigins: readDevOrigins(env),
    apiMaxConcurrency: concurrency,
    verbose: env.LOCAL_STACK_VERBOSE === "1" || env.LOCAL_STACK_VERBOSE === "true",
    readyTimeoutMs: timeout * 1000,
    ...(cap ? { stsSessionCapSeconds: Number(cap) } : {}),
    endpoint: readEndpointBehaviour(env),
    moderation: moderation === "on",
    moderationFallback: fallback,
  };
}

export function allPorts(settings: StackSettings): PortSetting[] {
  return Object.values(settings.ports);
}

export function stackPaths(stateDir: string): StackPaths {
  return {
    stackFile: join(stateDir, "stack.json"),
    awsDatabase: join(stateDir, "aws.sqlite"),
    cognitoDir: join(stateDir, "cognito"),
    demoUsersFile: join(stateDir, "demo-users.json"),
    tlsDir: join(stateDir, "tls"),
    processesFile: join(stateDir, "processes.json"),
    dynamoDir: join(stateDir, "dynamodb"),
  };
}

/** Unix socket paths are short (104 bytes on macOS, 108 on Linux), with room for the longest name. */
const MAX_SOCKET_DIR_LENGTH = 90;

/**
 * The sockets' paths: in the state folder (private, 0700), or, when its path is too long for a
 * socket, in a private folder made for this start under the system's temporary folder.
 */
export function stackSockets(stateDir: string): StackSockets {
  const dir =
    Buffer.byteLength(stateDir) <= MAX_SOCKET_DIR_LENGTH ? stateDir : mkdtempSync(join(tmpdir(), "chime-chat-api-"));
  return { cognito: join(dir, "cognito.sock"), api: join(dir, "api.sock"), lambda: join(dir, "lambda.sock") };
}

/**
 * Makes the state folder, or an existing one, private (0700): it holds local secrets (aws.sqlite has
 * the developer key's secret, cognito/ the users). A shared folder such as /tmp (sticky bit) is
 * refused rather than made private: the state needs a folder of its own.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { mode } = statSync(dir);
  if ((mode & 0o077) === 0) return;
  if ((mode & 0o1000) !== 0) {
    throw new SettingsError(
      `${dir} is a shared folder (sticky bit, like /tmp): the local state holds secrets and needs a folder of its own, e.g. ${join(dir, "chime-chat-api")}.`,
    );
  }
  chmodSync(dir, 0o700);
}
