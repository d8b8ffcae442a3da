/**
 * The DynamoDB emulator of `npm start` (local/stack/dynamo.ts, in memory) in a worker thread, so that
 * its work runs beside the API's as a remote DynamoDB's would, not inside the handler's thread.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startLocalDynamo } from "../../local/stack/dynamo";

export interface DynamoInWorker {
  url: string;
  close(): Promise<void>;
}

export function startDynamoInWorker(table: string): Promise<DynamoInWorker> {
  // The worker loads this TypeScript file through tsx's require hook.
  const bootstrap = `require("tsx/cjs"); require(${JSON.stringify(__filename)});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { table } });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (url: string) =>
      resolve({
        url,
        close: async () => {
          await new Promise<void>((closed) => {
            worker.once("message", () => closed());
            worker.postMessage("close");
          });
          await worker.terminate();
        },
      }),
    );
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { table } = workerData as { table: string };
  void startLocalDynamo({ host: "127.0.0.1", port: 0, table }).then((dynamo) => {
    port.on("message", () => void dynamo.close().then(() => port.postMessage("closed")));
    port.postMessage(dynamo.url);
  });
}
