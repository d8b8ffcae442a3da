/**
 * The real `npm start` as a developer runs it, for the smoke test and the browser tests: in its own
 * process group (a terminal's foreground job: Ctrl-C reaches npm, tsx and the launcher at once), on
 * free ports that are none of the defaults, with its own state folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { READY_LINE } from "../../local/stack/banner";
import { freePort } from "../../local/stack/ports";
import { exists } from "../../local/stack/processRecord";
import { projectRoot } from "../../local/stack/settings";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Every port variable of npm start, with its default (never handed out, so a running stack is left alone). */
export const STACK_PORTS = {
  COGNITO_PORT: 9229,
  LOCAL_AWS_PORT: 4566,
  LOCAL_AWS_TLS_PORT: 4567,
  API_PORT: 3000,
  LOCAL_DYNAMODB_PORT: 4569,
  WEB_PORT: 5173,
} as const;

export type StackPorts = Record<keyof typeof STACK_PORTS, number>;

/** A free port for each variable, all different and none a default. */
export async function freeStackPorts(): Promise<StackPorts> {
  const taken = new Set<number>(Object.values(STACK_PORTS));
  const ports = {} as StackPorts;
  for (const name of Object.keys(STACK_PORTS) as (keyof StackPorts)[]) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}

export interface NpmStart {
  process: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Settles once every process writing to its output is gone (npm, tsx and the launcher). */
  closed: Promise<void>;
}

export function startNpmStart(env: NodeJS.ProcessEnv): NpmStart {
  const child = spawn(npm, ["start"], { cwd: projectRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return { process: child, output: () => output, exit, closed };
}

/** Resolves once the ready banner is out; rejects (with the output) if npm start exits first or takes too long. */
export async function waitForReady(stack: NpmStart, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void stack.exit.then(() => (exited = true));
  while (!stack.output().includes(READY_LINE)) {
    if (exited) throw new Error(`npm start exited before it was ready:\n${stack.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready in ${timeoutMs / 1000} s:\n${stack.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends `signal` to the group, as a terminal does; resolves with how npm start exited. */
export async function signalNpmStart(stack: NpmStart, signal: NodeJS.Signals) {
  process.kill(-(stack.process.pid as number), signal);
  return stack.exit;
}

/** After a failure: the group stopped as Ctrl-C would, then killed if it is still there. */
export async function killNpmStart(stack: NpmStart, graceMs = 20_000): Promise<void> {
  const group = -(stack.process.pid as number);
  if (!exists(group)) return;
  process.kill(group, "SIGTERM");
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([stack.closed, new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
  clearTimeout(grace);
  if (exists(group)) process.kill(group, "SIGKILL");
}
