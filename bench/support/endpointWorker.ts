/**
 * The local endpoint in a worker thread, so that a benchmark's load (SDK clients) runs on another core
 * than the endpoint it measures, as a second process would.
 */
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

type Command = { setAppInstanceArn: string } | { close: true };

export interface EndpointInWorker extends Started {
  setAppInstanceArn(arn: string): Promise<void>;
  close(): Promise<void>;
}

export function startEndpointInWorker(databasePath: string, tls?: TlsCredentials): Promise<EndpointInWorker> {
  // The worker loads this TypeScript file through tsx's require hook.
  const bootstrap = `require("tsx/cjs"); require(${JSON.stringify(__filename)});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { databasePath, tls } });
  const request = (command: Command) =>
    new Promise<void>((resolve) => {
      worker.once("message", () => resolve());
      worker.postMessage(command);
    });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (started: Started) =>
      resolve({
        ...started,
        setAppInstanceArn: (arn) => request({ setAppInstanceArn: arn }),
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
      } else void endpoint.close().then(() => port.postMessage("closed"));
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
