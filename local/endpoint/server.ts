/**
 * The local AWS endpoint's HTTP server: one port for Chime SDK messaging and identity (restJson1) and
 * STS (awsQuery, `POST /`). A Chime request is routed by the SDK's model, authenticated (SigV4),
 * bound to the operation's input, authorized (IAM), and handed to the operation; its result or
 * error goes back the way the service sends it.
 */
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import type { Principal } from "../account/principal";
import type { OperationHandlers, RequestContext } from "../chime/services";
import { SigV4Error } from "../sigv4/verify";
import { StsError } from "../sts/errors";
import type { StsService } from "../sts/sts";
import { errorXml } from "../sts/xml";
import { chimeAuthError, stsAuthError } from "./authErrors";
import { ChimeServiceError, NotImplementedError, ServiceFailureError } from "../chime/errors";
import type { Faults } from "../faults/faults";
import { CONTROL_PREFIX } from "./control";
import { RequestTooLargeError, UnknownOperationError } from "./errors";
import { applyFault, ConnectionDropped } from "./faultInjection";
import { operationModels, type OperationModel } from "./model";
import { Router } from "./router";
import { bindRequest, checkRequiredMembers, toJson, type Input } from "./wire";

export type Protocol = "restJson1" | "awsQuery";

export interface RawRequest {
  /** restJson1 for Chime, awsQuery for STS. */
  protocol: Protocol;
  method: string;
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Node's raw header list, so SigV4 sees repeated headers as sent. */
  rawHeaders: string[];
  body: Buffer;
}

/**
 * Where request authentication (SigV4) and IAM authorization plug in. `authenticate` throws a
 * SigV4Error, `authorize` a ChimeServiceError; `authorize` sees the bound input (bearer, channel ARN).
 */
export interface RequestGuard {
  authenticate(request: RawRequest): Principal;
  authorize(principal: Principal, operation: OperationModel, input: Input): void;
}

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
  guard: RequestGuard;
  sts: StsService;
  /**
   * The endpoint's clock, for the Date header: the SDKs correct their clock skew from it, so it must
   * be the time the endpoint checks signatures against (an injected clock in tests), not the process's.
   */
  now?: () => Date;
  /** Gets one entry per request: never bodies, headers or tokens. */
  log?: (entry: RequestLogEntry) => void;
  /** Unexpected failures, for the operator; the client only sees a generic ServiceFailureException. */
  onInternalError?: (error: unknown, requestId: string) => void;
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
  const router = new Router(operationModels);
  const { guard } = options;

  /** Answers one Chime request; `trace.operation` is set as soon as the route is known, for the log. */
  async function handleChime(
    request: RawRequest,
    context: RequestContext,
    trace: { operation?: string },
  ): Promise<Reply> {
    const principal = guard.authenticate(request);
    const match = router.match(request.method, request.rawPath, request.query);
    if (!match) throw new UnknownOperationError(request.method, request.rawPath);
    const { operation } = match;
    trace.operation = operation.name;
    const fault = options.faults?.take(operation.name);
    await applyFault(fault, "restJson1", "before");
    const input = bindRequest(operation, {
      labels: match.labels,
      query: request.query,
      headers: request.headers,
      body: request.body,
    });
    // IAM comes first, as on AWS: a caller not allowed an action learns nothing more about it.
    guard.authorize(principal, operation, input);
    const handler = options.handlers[operation.name];
    if (!handler) throw new NotImplementedError(operation.service, operation.name);
    checkRequiredMembers(operation, input);
    const output = await handler(input as never, context);
    await applyFault(fault, "restJson1", "after");
    const body = operation.successStatus === 204 ? undefined : JSON.stringify(toJson(operation.output, output));
    return { status: operation.successStatus, body, contentType: "application/json" };
  }

  async function handleSts(request: RawRequest, requestId: string, trace: { operation?: string }): Promise<Reply> {
    trace.operation = new URLSearchParams(request.body.toString("utf8")).get("Action") ?? undefined;
    const principal = guard.authenticate(request);
    const fault = trace.operation === undefined ? undefined : options.faults?.take(trace.operation);
    await applyFault(fault, "awsQuery", "before");
    const body = options.sts.handle(request.body, principal, requestId);
    await applyFault(fault, "awsQuery", "after");
    return { status: 200, body, contentType: "text/xml" };
  }

  function errorReply(protocol: Protocol, error: unknown, requestId: string): Reply {
    if (error instanceof ConnectionDropped)
      return { status: 0, contentType: "", drop: true, errorType: "ConnectionDropped" };
    if (protocol === "awsQuery") {
      const stsError =
        error instanceof StsError
          ? error
          : error instanceof SigV4Error
            ? stsAuthError(error.kind, error.message)
            : error instanceof RequestTooLargeError
              ? new StsError(error.code, error.status, error.message)
              : new StsError("InternalFailure", 500, "The local endpoint failed to process the request.", "Receiver");
      if (stsError.code === "InternalFailure") options.onInternalError?.(error, requestId);
      return {
        status: stsError.status,
        body: errorXml(stsError.type, stsError.code, stsError.message, requestId),
        contentType: "text/xml",
        errorType: stsError.code,
      };
    }
    const chimeError =
      error instanceof ChimeServiceError
        ? error
        : error instanceof SigV4Error
          ? chimeAuthError(error.kind, error.message)
          : new ServiceFailureError();
    if (chimeError instanceof ServiceFailureError && !(error instanceof ChimeServiceError)) {
      options.onInternalError?.(error, requestId);
    }
    return {
      status: chimeError.status,
      body: JSON.stringify({ Code: chimeError.code, Message: chimeError.message }),
      contentType: "application/json",
      errorType: chimeError.errorType,
    };
  }

  return (req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const [rawPath, rawQuery = ""] = (req.url ?? "/").split(/\?(.*)/s, 2);
    // STS (awsQuery) is POST / with a form body; every Chime operation has a longer path.
    const protocol: Protocol = method === "POST" && rawPath === "/" ? "awsQuery" : "restJson1";
    const trace: { operation?: string } = {};
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
        return protocol === "awsQuery"
          ? handleSts(request, requestId, trace)
          : handleChime(request, { requestId, host: req.headers.host }, trace);
      })
      .catch((error: unknown) => errorReply(protocol, error, requestId))
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

export interface Reply {
  status: number;
  body?: string;
  contentType: string;
  /** For errors: the x-amzn-ErrorType (Chime) or error code (STS). */
  errorType?: string;
  /** Close the connection without answering (a fault). */
  drop?: boolean;
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
