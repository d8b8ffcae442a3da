/**
 * The local endpoint as its own process, as `npm run endpoint` runs it (local/stack/endpoint.ts): for
 * tests that kill it outright (SIGKILL) or that run another checkout's endpoint (an older release, to
 * make a state folder of its schema). Ports are free ones (0), TLS is off, and the state is the given
 * database file. The address and the local keys are read from the banner it prints.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { createInterface } from "node:readline";
import type { AccessKey } from "./localEndpoint";

export interface EndpointProcess {
  url: string;
  port: number;
  developerKey: AccessKey;
  serverKey: AccessKey;
  child: ChildProcess;
  /** Ends it as Ctrl-C would (SIGTERM: the store is closed cleanly); resolves once it has exited. */
  stop(): Promise<void>;
  /** Ends it with SIGKILL (nothing runs in it after); resolves once it has exited. */
  kill(): Promise<void>;
}

export interface EndpointProcessOptions {
  databasePath: string;
  /** The checkout whose local/stack/endpoint.ts runs (this one by default). */
  checkout?: string;
  env?: Record<string, string>;
}

const KEY = /AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/;

interface KeysFile {
  developer: AccessKey;
  server: AccessKey;
}

export function startEndpointProcess(options: EndpointProcessOptions): Promise<EndpointProcess> {
  const checkout = options.checkout ?? join(__dirname, "..", "..");
  const child = spawn(process.execPath, ["--import", "tsx", join(checkout, "local/stack/endpoint.ts")], {
    cwd: checkout,
    env: {
      ...process.env,
      LOCAL_AWS_PORT: "0",
      LOCAL_AWS_TLS: "off",
      LOCAL_AWS_DB: options.databasePath,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    let developerKey: AccessKey | undefined;
    // Every line is read, so that the request log never fills the pipe and blocks the endpoint.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const ready = (serverKey: AccessKey) => {
      if (!url || !developerKey) return;
      resolve({
        url,
        port: Number(new URL(url).port),
        developerKey,
        serverKey,
        child,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
        kill: () => {
          child.kill("SIGKILL");
          return exited;
        },
      });
    };
    lines.on("line", (line) => {
      url ??= /^Local AWS endpoint .* on (http:\/\/\S+), data in/.exec(line)?.[1];
      // This release writes its keys to a file it names and prints none of them.
      const keysFile = /local keys .* in (\S+) \(only you can read it\)/.exec(line)?.[1];
      if (keysFile) {
        const keys = JSON.parse(readFileSync(resolvePath(checkout, keysFile), "utf8")) as KeysFile;
        developerKey = keys.developer;
        ready(keys.server);
        return;
      }
      // Earlier releases printed them (an older checkout, to make a state fixture).
      const key = KEY.exec(line);
      if (key && line.includes("developer key")) developerKey = { accessKeyId: key[1], secretAccessKey: key[2] };
      if (key && line.includes("server key")) ready({ accessKeyId: key[1], secretAccessKey: key[2] });
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`The endpoint exited before it was ready (${signal ?? code}): ${errors.trim()}`)),
    );
  });
}
