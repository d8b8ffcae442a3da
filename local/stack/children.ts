/**
 * The stack's child processes, node scripts. Each runs in its own process group (`detached`), for two
 * reasons: Ctrl-C reaches the launcher alone, so it stops the parts in its own order, and stopping a
 * child signals the whole group, which also ends what the child started itself (sls offline's
 * esbuild service). Each also watches a pipe to the launcher (exitWithLauncher.js) and stops its
 * group when the launcher is gone, even after a SIGKILL that gave the launcher no chance to stop it.
 * Output is kept (the last lines, for a crash report) and echoed with a prefix when asked.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** Preloaded into every child: it ends the child's group when the launcher's pipe closes. */
const EXIT_WITH_LAUNCHER = join(__dirname, "exitWithLauncher.js");

export interface ChildOptions {
  name: string;
  /** The node script to run (with this node). */
  script: string;
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
  /** SIGKILL to the group, at once and synchronously (for a launcher that is exiting). */
  kill(): void;
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
  const process_: ChildProcess = spawn(
    process.execPath,
    ["--require", EXIT_WITH_LAUNCHER, options.script, ...options.args],
    {
      cwd: options.cwd,
      env: { ...options.env, LOCAL_STACK_LAUNCHER_PID: String(process.pid) },
      detached: true,
      // fd 3: the pipe the child watches; this side never writes, and it closes when this process ends.
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    },
  );
  if (process_.pid === undefined) throw new Error(`${options.name} could not be started (${options.script}).`);
  process_.stdio[3]?.on("error", () => undefined);
  const pid = process_.pid;
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let echo = options.echo ?? false;
  let exit: ChildExit | undefined;

  const exited = new Promise<ChildExit>((resolve) => {
    process_.once("error", (error) => {
      lines.push(`(could not run ${options.script}: ${error.message})`);
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
    kill() {
      if (!exit) signalGroup(pid, "SIGKILL");
    },
  };
}
