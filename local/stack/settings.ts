/**
 * What `npm start` is configured with: the state folder, the ports and the region, all from the
 * environment. Every part listens on 127.0.0.1 only: the local keys and demo passwords open nothing
 * outside this machine, and the stack is not meant to be reachable from the network.
 */
import { chmodSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
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
    api: PortSetting;
    /** serverless-offline's own Lambda-invoke listener (it always opens one). */
    apiLambda: PortSetting;
    /** The endpoint's TLS listener: HTTPS and wss:// (amazon-chime-sdk-js always connects with wss://). */
    awsTls: PortSetting;
  };
  /** Names or addresses the TLS certificate covers besides 127.0.0.1, ::1 and localhost (LOCAL_AWS_TLS_HOSTS). */
  tlsHosts: string[];
  /** Every child's output is echoed (cognito-local's request log included). */
  verbose: boolean;
  /** How long a start may take before it is given up (a hang guard, not a budget). */
  readyTimeoutMs: number;
  /** The endpoint's quotas and faults (endpointBehaviour.ts). */
  endpoint: EndpointBehaviour;
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

export function readSettings(env: Env = process.env): StackSettings {
  const ports = {
    cognito: port(env, "COGNITO_PORT", 9229, "cognito-local"),
    aws: port(env, "LOCAL_AWS_PORT", 4566, "the local AWS endpoint"),
    awsTls: port(env, "LOCAL_AWS_TLS_PORT", 4567, "the local AWS endpoint's TLS listener"),
    api: port(env, "API_PORT", 3000, "the GraphQL API"),
    apiLambda: port(env, "API_LAMBDA_PORT", 3002, "sls offline's Lambda invoke listener"),
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
  return {
    host: "127.0.0.1",
    stateDir: resolve(env.LOCAL_STATE_DIR?.trim() || ".local"),
    region: env.AWS_REGION?.trim() || "us-east-1",
    accountId: env.LOCAL_AWS_ACCOUNT_ID?.trim() || "111122223333",
    ports,
    tlsHosts: readTlsHosts(env),
    verbose: env.LOCAL_STACK_VERBOSE === "1" || env.LOCAL_STACK_VERBOSE === "true",
    readyTimeoutMs: timeout * 1000,
    endpoint: readEndpointBehaviour(env),
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
  };
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
