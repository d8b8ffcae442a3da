/**
 * What the stack's guards (cognitoGuard.ts, apiGuard.ts) share: a listener on a stack port, and, as
 * their last step, a request they admitted passed on to the server behind them, which listens on a
 * Unix socket in the private state folder (no web page and no other user of the machine can reach it
 * there), with its answer passed back unchanged.
 */
import {
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** Headers of one connection, not of the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"];

/**
 * The request's body, read whole, or undefined when it is larger than `maxBytes` (the rest is then
 * read and dropped, so that the answer reaches the client).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= maxBytes ? Buffer.concat(chunks) : undefined));
    req.on("error", reject);
    // A client that goes away before the end of its body: nothing to answer.
    req.on("close", () => {
      if (!req.complete) reject(new Error("The client closed the request."));
    });
  });
}

/** What a guard does with the answer of the server behind it. */
export type AnswerHandler = (answer: IncomingMessage, res: ServerResponse) => void;

/** The answer passed back unchanged (but for the headers of the upstream connection). */
export function passBack(answer: IncomingMessage, res: ServerResponse): void {
  // The connection to the client is the guard's own: kept alive whatever the upstream's was.
  const answerHeaders = { ...answer.headers };
  for (const name of HOP_BY_HOP) delete answerHeaders[name];
  res.writeHead(answer.statusCode ?? 502, answerHeaders);
  answer.pipe(res);
  answer.on("error", () => res.destroy());
}

export class SocketUpstream {
  constructor(
    readonly socketPath: string,
    /** Names the server in the 502 a caller gets when it does not answer. */
    private readonly label: string,
    /** What the caller gets instead when the server does not answer (by default, that 502 in plain text). */
    private readonly onUnreachable?: (res: ServerResponse) => void,
  ) {}

  /**
   * Forwards the request with `body` (read whole by the guard: piping a client's body straight on
   * lost requests under load, the socket closed under the write) and `headers` over its own, hands the
   * answer to `onAnswer` (by default passed back unchanged), and settles once the answer is written,
   * or the client went away.
   */
  forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    extraHeaders: OutgoingHttpHeaders = {},
    onAnswer: AnswerHandler = passBack,
  ): Promise<void> {
    const headers: OutgoingHttpHeaders = { ...req.headers, ...extraHeaders };
    for (const name of HOP_BY_HOP) delete headers[name];
    delete headers["transfer-encoding"];
    headers["content-length"] = body.length;
    return new Promise((resolve) => {
      const upstream = request(
        // A connection per request: cheap on a Unix socket, and no race with the server closing an
        // idle kept-alive one (sls offline's Hapi closes them after 5 s).
        { socketPath: this.socketPath, method: req.method, path: req.url, headers, agent: false },
        (answer) => onAnswer(answer, res),
      );
      upstream.on("error", () => {
        if (res.headersSent || res.destroyed) res.destroy();
        else if (this.onUnreachable) this.onUnreachable(res);
        else {
          const message = `${this.label} is not answering.`;
          res.writeHead(502, { "content-type": "text/plain; charset=utf-8", "content-length": message.length });
          res.end(message);
        }
      });
      // Settles when the answer is complete or the client closed the connection; a request the client
      // gave up on is not left running upstream.
      res.on("close", () => {
        if (!res.writableFinished) upstream.destroy();
        resolve();
      });
      upstream.end(body);
    });
  }
}

export interface GuardServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port with `listener`. */
export async function startGuardServer(
  address: { host: string; port: number },
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<GuardServer> {
  const server = createServer(listener);
  // As the AWS endpoint does: SDK clients keep idle connections longer than Node's 5 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
