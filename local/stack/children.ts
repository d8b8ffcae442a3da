/**
 * The stack's child processes. Each runs in its own process group (`detached`), for two reasons:
 * Ctrl-C reaches the launcher alone, so it stops the parts in its own order, and stopping a child
 * signals the whole group, which also ends what the child started itself (sls offline's esbuild
 * service). Output is kept (the last lines, for a crash report) and echoed with a prefix when asked.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Echo output lines as `[name] line` from the start (else only once `echo(true)` is called). */
  echo?: boolean;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  name: string;
  pid: number;
  /** Settles when the process has exited. */
  exited: Promise<ChildExit>;
  readonly running: boolean;
  /** The last lines of output (stdout and stderr, ANSI colours removed). */
  recentOutput(): string;
  /** Resolves with the first line that satisfies the predicate; rejects if the child exits first. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs: number): Promise<string>;
  echo(on: boolean): void;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<ChildExit>;
}

const KEPT_LINES = 60;
// eslint-disable-next-line no-control-regex -- ANSI escape sequences are control characters
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

export function describeExit({ code, signal }: ChildExit): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function startChild(options: ChildOptions): Child {
  const process_: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (process_.pid === undefined) throw new Error(`${options.name} could not be started (${options.command}).`);
  const pid = process_.pid;
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let echo = options.echo ?? false;
  let exit: ChildExit | undefined;

  const exited = new Promise<ChildExit>((resolve) => {
    process_.once("error", (error) => {
      lines.push(`(could not run ${options.command}: ${error.message})`);
      exit = { code: null, signal: null };
      resolve(exit);
    });
    process_.once("exit", (code, signal) => {
      exit = { code, signal };
      // What the child started may outlive it in its group; nothing of it is wanted any more.
      signalGroup(pid, "SIGKILL");
      resolve(exit);
    });
  });

  const onLine = (line: string) => {
    const clean = line.replace(ANSI, "");
    lines.push(clean);
    if (lines.length > KEPT_LINES) lines.shift();
    if (echo && clean.trim() !== "") console.log(`[${options.name}] ${clean}`);
    for (const listener of listeners) listener(clean);
  };
  for (const stream of [process_.stdout, process_.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split(/\r?\n/);
      buffered = parts.pop() ?? "";
      for (const part of parts) onLine(part);
    });
    stream?.on("end", () => {
      if (buffered !== "") onLine(buffered);
      buffered = "";
    });
  }

  return {
    name: options.name,
    pid,
    exited,
    get running() {
      return exit === undefined;
    },
    recentOutput: () => lines.join("\n"),
    echo(on) {
      echo = on;
    },
    waitForLine(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const found = lines.find(predicate);
        if (found !== undefined) return resolve(found);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (line: string) => {
          if (predicate(line)) {
            cleanup();
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${options.name} did not get ready in ${Math.round(timeoutMs / 1000)} s.`));
        }, timeoutMs);
        listeners.add(listener);
        void exited.then((result) => {
          cleanup();
          reject(new Error(`${options.name} ${describeExit(result)} before it was ready.`));
        });
      });
    },
    async stop(graceMs = 5000) {
      if (exit) return exit;
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
