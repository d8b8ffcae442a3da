/**
 * The local AWS endpoint's HTTP server: one port for Chime SDK messaging and identity (restJson1,
 * restJson.ts) and STS (awsQuery, `POST /`, awsQuery.ts). It reads the request, answers CORS, hands the
 * request to its protocol, and writes the reply with the request id and the endpoint's Date.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import { refuseUntrusted, type ListenerTrust } from "../http/trust";
import type { OperationHandlers } from "../chime/services";
import type { StsService } from "../sts/sts";
import { createStsProtocol } from "./awsQuery";
import type { Guard } from "../guard/guard";
import type { InternalErrorListener, Protocol, ProtocolHandler, RawRequest, Reply, Trace } from "./protocol";
import { createChimeProtocol } from "./restJson";
import type { Faults } from "../faults/faults";
import { CONTROL_PREFIX } from "./control";
import { RequestTooLargeError } from "./errors";

// Still importable from here, where they were first defined.
export type { Protocol, RawRequest } from "./protocol";

export interface RequestLogEntry {
  requestId: string;
  method: string;
  operation: string | undefined;
  status: number;
  errorType?: string;
  durationMs: number;
}

export interface EndpointServerOptions {
  handlers: OperationHandlers;
  /** Which Host names it answers (DNS rebinding); any Origin, as every request must be signed. */
  trust: ListenerTrust;
  guard: Guard;
  sts: StsService;
  /**
   * The endpoint's clock, for the Date header: the SDKs correct their clock skew from it, so it must
   * be the time the endpoint checks signatures against (an injected clock in tests), not the process's.
   */
  now?: () => Date;
  /** Gets one entry per request: never bodies, headers or tokens. */
  log?: (entry: RequestLogEntry) => void;
  /** Unexpected failures, for the operator; the client only sees a generic ServiceFailureException. */
  onInternalError?: InternalErrorListener;
  /** Faults on demand (local/faults): applied to every signed request, by operation. */
  faults?: Faults;
  /** The guarded control route under /_local/ (control.ts). */
  control?: (request: RawRequest) => Reply;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** PEMs of the TLS listener's certificate and key. */
export interface TlsCredentials {
  cert: string;
  key: string;
}

export interface EndpointServers {
  http: Server;
  /** The same handler over TLS (HTTPS and wss://), when a certificate is given. */
  https?: TlsServer;
}

/** The endpoint's HTTP server and, with `tls`, an HTTPS server answering exactly the same way. */
export function createEndpointServers(options: EndpointServerOptions, tls?: TlsCredentials): EndpointServers {
  const listener = createEndpointListener(options);
  const servers: EndpointServers = { http: createServer(listener) };
  if (tls) servers.https = createTlsServer({ cert: tls.cert, key: tls.key }, listener);
  for (const server of [servers.http, servers.https]) {
    if (!server) continue;
    // Node closes idle keep-alive sockets after 5 s, which races with clients (the SDKs) reusing them
    // and shows up as ECONNRESET. Keep them for a minute, as AWS endpoints do, and above the clients' idle.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  return servers;
}

function createEndpointListener(options: EndpointServerOptions): RequestListener {
  const protocols: Record<Protocol, ProtocolHandler> = {
    restJson1: createChimeProtocol(options),
    awsQuery: createStsProtocol(options),
  };

  return (req, res) => {
    if (refuseUntrusted(options.trust, req, res)) return;
    const started = performance.now();
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const [rawPath, rawQuery = ""] = (req.url ?? "/").split(/\?(.*)/s, 2);
    // STS (awsQuery) is POST / with a form body; every Chime operation has a longer path.
    const protocol: Protocol = method === "POST" && rawPath === "/" ? "awsQuery" : "restJson1";
    const trace: Trace = {};
    if (answerCors(req, res)) {
      options.log?.({ requestId, method, operation: undefined, status: res.statusCode, durationMs: 0 });
      return;
    }
    void readBody(req)
      .then((body) => {
        const request: RawRequest = {
          protocol,
          method,
          rawPath,
          rawQuery,
          query: new URLSearchParams(rawQuery),
          headers: req.headers,
          rawHeaders: req.rawHeaders,
          body,
        };
        if (options.control && rawPath.startsWith(CONTROL_PREFIX)) return options.control(request);
        return protocols[protocol].handle(request, { requestId, host: req.headers.host }, trace);
      })
      .catch((error: unknown) => protocols[protocol].errorReply(error, requestId))
      .then((reply) => {
        if (reply.drop) req.socket.destroy();
        else {
          if (options.now) res.setHeader("Date", options.now().toUTCString());
          send(res, requestId, reply);
        }
        options.log?.({
          requestId,
          method,
          operation: trace.operation,
          status: reply.status,
          errorType: reply.errorType,
          durationMs: performance.now() - started,
        });
      });
  };
}

/**
 * The body, up to MAX_BODY_BYTES. A longer one is read to its end but not kept, then answered 413
 * (RequestTooLargeError): the client gets an answer, and its connection stays usable, where destroying
 * the socket would show as a reset (and the SDKs would retry it).
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("end", () =>
      size > MAX_BODY_BYTES ? reject(new RequestTooLargeError(MAX_BODY_BYTES)) : resolve(Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

/**
 * CORS, so that a web app calls the endpoint from the browser as it calls Chime with vended
 * credentials. A preflight (OPTIONS with Access-Control-Request-Method) is answered here, before
 * authentication: browsers never sign it. Every answer to a request with an Origin allows that origin
 * (no cookies are involved, so `*`) and exposes the headers the SDKs read: the request id, the error
 * type, and Date (the SDKs correct their clock skew from it).
 * Returns true when the request was a preflight, now answered.
 */
function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.origin === undefined) return false;
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Expose-Headers", "x-amzn-RequestId, x-amzn-ErrorType, Date");
  if (req.method !== "OPTIONS" || req.headers["access-control-request-method"] === undefined) return false;
  res.statusCode = 204;
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
  const requested = req.headers["access-control-request-headers"];
  if (requested) res.setHeader("Access-Control-Allow-Headers", requested);
  res.setHeader("Access-Control-Max-Age", "600");
  res.end();
  return true;
}

function send(res: ServerResponse, requestId: string, reply: Reply): void {
  res.statusCode = reply.status;
  res.setHeader("x-amzn-RequestId", requestId);
  if (reply.errorType && reply.contentType === "application/json") res.setHeader("x-amzn-ErrorType", reply.errorType);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", reply.contentType);
  res.setHeader("Content-Length", Buffer.byteLength(reply.body));
  res.end(reply.body);
}
