/**
 * The local AWS endpoint's HTTP server: one port for Chime SDK messaging and identity. A request is
 * routed by the SDK's model, authenticated, bound to the operation's input, authorized, and handed to
 * the operation; its result or error goes back the way the service sends it.
 */
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { OperationHandler, RequestContext } from "../chime/services";
import {
  BadRequestError,
  ChimeServiceError,
  NotImplementedError,
  ServiceFailureError,
  UnknownOperationError,
} from "./errors";
import { operationModels, type OperationModel } from "./model";
import { Router } from "./router";
import { bindRequest, toJson, type Input } from "./wire";

/** Handlers by operation name. Each takes its own SDK request type, hence the `never` input here. */
export type OperationHandlers = Record<string, OperationHandler<never, unknown>>;

export interface RawRequest {
  method: string;
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Where request authentication (SigV4) and IAM authorization plug in. Both throw a
 * ChimeServiceError to refuse the request; `authorize` sees the bound input (bearer, channel ARN, ...).
 */
export interface RequestGuard<Principal = unknown> {
  authenticate(request: RawRequest): Principal | Promise<Principal>;
  authorize(principal: Principal, operation: OperationModel, input: Input): void | Promise<void>;
}

export const allowEveryRequest: RequestGuard = { authenticate: () => undefined, authorize: () => undefined };

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
  guard?: RequestGuard;
  /** Gets one entry per request: never bodies, headers or tokens. */
  log?: (entry: RequestLogEntry) => void;
  /** Unexpected failures, for the operator; the client only sees a generic ServiceFailureException. */
  onInternalError?: (error: unknown, requestId: string) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createEndpointServer(options: EndpointServerOptions): Server {
  const router = new Router(operationModels);
  const guard = options.guard ?? allowEveryRequest;

  /** Answers one request; `trace.operation` is set as soon as the route is known, for the log. */
  async function handle(
    request: RawRequest,
    context: RequestContext,
    trace: { operation?: OperationModel },
  ): Promise<{ status: number; body?: unknown }> {
    const match = router.match(request.method, request.rawPath, request.query);
    if (!match) throw new UnknownOperationError(request.method, request.rawPath);
    const { operation } = match;
    trace.operation = operation;
    const handler = options.handlers[operation.name];
    if (!handler) throw new NotImplementedError(operation.service, operation.name);
    const principal = await guard.authenticate(request);
    const input = bindRequest(operation, {
      labels: match.labels,
      query: request.query,
      headers: request.headers,
      body: request.body,
    });
    await guard.authorize(principal, operation, input);
    const output = await handler(input as never, context);
    return { status: operation.successStatus, body: toJson(operation.output, output) };
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const trace: { operation?: OperationModel } = {};
    const logRequest = (status: number, errorType?: string) =>
      options.log?.({
        requestId,
        method,
        operation: trace.operation?.name,
        status,
        errorType,
        durationMs: performance.now() - started,
      });
    readBody(req)
      .then((body) => {
        const url = new URL(req.url ?? "/", "http://local");
        const rawPath = (req.url ?? "/").split("?")[0];
        const request = { method, rawPath, query: url.searchParams, headers: req.headers, body };
        return handle(request, { requestId, host: req.headers.host }, trace);
      })
      .then(
        ({ status, body }) => {
          send(res, requestId, status, status === 204 ? undefined : body);
          logRequest(status);
        },
        (error: unknown) => {
          const wireError = error instanceof ChimeServiceError ? error : new ServiceFailureError();
          if (!(error instanceof ChimeServiceError)) options.onInternalError?.(error, requestId);
          res.setHeader("x-amzn-ErrorType", wireError.errorType);
          send(res, requestId, wireError.status, { Code: wireError.code, Message: wireError.message });
          logRequest(wireError.status, wireError.errorType);
        },
      );
  });
  // Node closes idle keep-alive sockets after 5 s, which races with clients (the SDKs) reusing them
  // and shows up as ECONNRESET. Keep them for a minute, as AWS endpoints do, and above the clients' idle.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequestError("The request body is too large."));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, requestId: string, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("x-amzn-RequestId", requestId);
  if (body === undefined) {
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(json));
  res.end(json);
}
