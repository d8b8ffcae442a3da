/**
 * Serves a Lambda handler of this process through the real sls offline (osls' serverless-offline), so
 * that API Gateway's HTTP API mapping (payload format 2.0: the event from the request, the response
 * from the result) is serverless-offline's, not ours. sls offline runs a service of one function whose
 * handler relays the event it was given, and the context's facts, to this process, which runs the
 * handler and hands its result back for sls offline to answer with. The handler keeps running here, so
 * a test configures and injects it as it does any other.
 */
import { createServer, type Server } from "node:http";
import {
  createConnection,
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from "node:net";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { LambdaHttpHandler, LambdaHttpServer } from "./lambdaHttp";
import { startOfflineService, type OfflineService } from "./offlineService";

/** Seconds: the function's timeout under sls offline, as serverless.yml sets the API's. */
const TIMEOUT_S = 29;

const FUNCTIONS = `  graphql:
    handler: relay.handler
    events:
      - httpApi: { method: POST, path: /graphql }
      - httpApi: { method: GET, path: /graphql }`;

/** The function sls offline runs: the event as it built it, and the context's facts, to the test process. */
const RELAY = `
exports.handler = async (event, context) => {
  const { getRemainingTimeInMillis, done, fail, succeed, ...facts } = context;
  const response = await fetch(process.env.RELAY_URL, {
    method: "POST",
    body: JSON.stringify({ event, context: { ...facts, remainingMs: getRemainingTimeInMillis() } }),
  });
  if (!response.ok) throw new Error("The handler failed in the test process.");
  return response.json();
};
`;

type ContextFacts = Omit<Context, "getRemainingTimeInMillis" | "done" | "fail" | "succeed"> & { remainingMs: number };

/** Where the relay reaches this process: runs the handler with the event and context sls offline made. */
async function startHandlerListener(handler: LambdaHttpHandler): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const { event, context } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        event: APIGatewayProxyEventV2;
        context: ContextFacts;
      };
      const { remainingMs, ...facts } = context;
      const deadline = Date.now() + remainingMs;
      const lambdaContext: Context = {
        ...facts,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
      handler(event, lambdaContext).then(
        (result) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** A TCP port on loopback for sls offline's Unix socket: a free port, never a fixed one. */
async function forwardTo(socket: string): Promise<TcpServer> {
  const server = createTcpServer((client) => {
    const upstream = createConnection(socket);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

export async function serveThroughOffline(handler: LambdaHttpHandler): Promise<LambdaHttpServer> {
  const listener = await startHandlerListener(handler);
  let offline: OfflineService | undefined;
  let forwarder: TcpServer | undefined;
  const close = async () => {
    forwarder?.close();
    await offline?.stop();
    await new Promise<void>((resolve) => {
      listener.close(() => resolve());
      listener.closeAllConnections();
    });
  };
  try {
    offline = await startOfflineService({
      service: "offline-gateway",
      timeoutS: TIMEOUT_S,
      functions: FUNCTIONS,
      files: { "relay.js": RELAY },
      environment: { RELAY_URL: `http://127.0.0.1:${(listener.address() as AddressInfo).port}/` },
    });
    forwarder = await forwardTo(offline.httpSocket);
  } catch (error) {
    await close();
    throw error;
  }
  const url = `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}`;
  // The forwarder is what a test reaches; `server` is the listener the relay calls back.
  return { url, server: listener, close };
}
