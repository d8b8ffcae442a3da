/**
 * The local endpoint in a worker thread, so that a benchmark's load (SDK clients) runs on another core
 * than the endpoint it measures, as a second process would.
 */
import { readFileSync } from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startLocalEndpoint } from "../../local/endpoint/localEndpoint";
import type { TlsCredentials } from "../../local/endpoint/server";

interface Started {
  url: string;
  port: number;
  /** With TLS: the TLS port (HTTPS and wss://). */
  tlsPort?: number;
  developerKey: { accessKeyId: string; secretAccessKey: string };
  serverKey: { accessKeyId: string; secretAccessKey: string };
}

type Command = { setAppInstanceArn: string } | { cpuTime: true } | { close: true };

export interface EndpointInWorker extends Started {
  setAppInstanceArn(arn: string): Promise<void>;
  /**
   * The CPU time (user + system, ms) the endpoint's thread has used so far, where the OS tells it
   * (Linux: /proc/thread-self); undefined elsewhere. Unlike a rate, it does not depend on what else
   * the machine runs.
   */
  cpuTimeMs(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** This thread's CPU time from /proc/thread-self/stat (utime and stime, in clock ticks of 10 ms). */
function threadCpuTimeMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    // Fields after the command name (which may hold spaces), from field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

export function startEndpointInWorker(databasePath: string, tls?: TlsCredentials): Promise<EndpointInWorker> {
  // The worker loads this TypeScript file through tsx's require hook.
  const bootstrap = `require("tsx/cjs"); require(${JSON.stringify(__filename)});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { databasePath, tls } });
  const request = <T = void>(command: Command) =>
    new Promise<T>((resolve) => {
      worker.once("message", (answer: T) => resolve(answer));
      worker.postMessage(command);
    });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (started: Started) =>
      resolve({
        ...started,
        setAppInstanceArn: (arn) => request({ setAppInstanceArn: arn }),
        cpuTimeMs: () => request<number | undefined>({ cpuTime: true }),
        close: async () => {
          await request({ close: true });
          await worker.terminate();
        },
      }),
    );
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const data = workerData as { databasePath: string; tls?: TlsCredentials };
  void startLocalEndpoint({
    databasePath: data.databasePath,
    tls: data.tls && { certificate: data.tls },
    // bench:api-overhead puts a delaying TCP proxy in front of it, which forwards the Host it was sent.
    trust: { hostPorts: "any" },
  }).then((endpoint) => {
    port.on("message", (command: Command) => {
      if ("setAppInstanceArn" in command) {
        endpoint.account.setAppInstanceArn(command.setAppInstanceArn);
        port.postMessage("ok");
      } else if ("cpuTime" in command) port.postMessage(threadCpuTimeMs());
      else void endpoint.close().then(() => port.postMessage("closed"));
    });
    const started: Started = {
      url: endpoint.url,
      port: endpoint.port,
      tlsPort: endpoint.tlsPort,
      developerKey: endpoint.account.developerKey,
      serverKey: endpoint.account.serverKey,
    };
    port.postMessage(started);
  });
}
