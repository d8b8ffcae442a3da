/**
 * The guard in front of the API under sls offline: it owns API_PORT and passes requests on to sls
 * offline's Unix socket.
 *
 * - Host and Origin, as on every local listener (local/http/trust.ts). sls offline's own CORS reflects
 *   any Origin on every answer but preflights, so the guard is what keeps other web pages out: only
 *   the development origins (and pages the API serves itself) get through.
 * - Concurrency: sls offline runs each concurrent request in a worker thread of its own, made on
 *   demand and each loading the whole bundle, so memory grows with the number of requests in flight.
 *   At most `maxConcurrency` are served at once; a request beyond that is answered at once with 503,
 *   `retry-after: 1` and the API's error shape, and the requests in flight go on.
 * - Whatever sls offline answers itself reaches the client in the API's error shape, never as sls
 *   offline wrote it. The handler puts its request id on every answer (`x-request-id`,
 *   src/graphql/lambda.ts), so an answer without one is sls offline's own: the function failed (its
 *   handler not found, an exception, a timeout), which serverless-offline 13 answers with HTTP 200 for
 *   an HTTP API route and a body of the error's message, its stack trace and this machine's paths
 *   (src/events/http/HttpServer.js), or it has no such route (404, its routes listed). A failure is
 *   500 INTERNAL_SERVER_ERROR, API Gateway's status when the function fails, a 4xx keeps its status
 *   (NOT_FOUND, BAD_REQUEST), and no answer at all (sls offline restarting, or gone) is 502
 *   UPSTREAM_UNAVAILABLE; each with a request id of the guard's, which the operator's log
 *   (`onFailure`) pairs with the failure's first line (the rest is in sls offline's output).
 *   Preflights (OPTIONS) are sls offline's to answer, unchanged.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { refuseUntrusted, type ListenerTrust } from "../http/trust";
import { passBack, readBody, SocketUpstream, startGuardServer, type GuardServer } from "./guardServer";

export interface ApiGuardOptions {
  host: string;
  port: number;
  /** sls offline's HTTP socket. */
  upstreamSocket: string;
  trust: ListenerTrust;
  maxConcurrency: number;
  /** A failure of sls offline, for the operator: the request id its client got, what failed. */
  onFailure?: (requestId: string, detail: string) => void;
}

export interface ApiGuard extends GuardServer {
  /** Requests being served now. */
  readonly inFlight: number;
}

interface GuardError {
  code: string;
  message: string;
  /** A limit the request went over, as the API names it. */
  limit?: number;
}

/**
 * An answer of the guard's own, in the API's error shape (`{ errors: [{ message, extensions }] }`),
 * with a request id of its own; returns the id.
 */
function apiError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  { code, message, limit }: GuardError,
  headers: Record<string, string> = {},
): string {
  const requestId = randomUUID();
  const body = JSON.stringify({ errors: [{ message, extensions: { code, limit, requestId } }] });
  const answerHeaders: OutgoingHttpHeaders = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-request-id": requestId,
    ...headers,
  };
  // The Origin was checked: a page of a development origin can read the error (and when to retry).
  if (req.headers.origin) {
    answerHeaders["access-control-allow-origin"] = req.headers.origin;
    answerHeaders["access-control-expose-headers"] = [...Object.keys(headers), "x-request-id"].join(",");
  }
  res.writeHead(status, answerHeaders);
  res.end(body);
  return requestId;
}

function busy(req: IncomingMessage, res: ServerResponse, maxConcurrency: number): void {
  const message = `The local API is serving its maximum of ${maxConcurrency} requests at once (API_MAX_CONCURRENCY); retry shortly.`;
  apiError(req, res, 503, { code: "UPSTREAM_UNAVAILABLE", message }, { "retry-after": "1" });
}

/** Far above the API's own limit (GRAPHQL_MAX_BODY_BYTES, 413 from the handler): the guard's buffer only. */
const MAX_BODY_BYTES = 1024 * 1024;

/** How much of sls offline's own answer is read, to tell the operator what failed. */
const MAX_FAILURE_BYTES = 64 * 1024;

/** The first line of what failed, from serverless-offline's body (`errorMessage`) when it has one. */
function failureDetail(status: number, body: Buffer | undefined): string {
  let reason: unknown;
  try {
    reason = (JSON.parse(body?.toString("utf8") ?? "") as { errorMessage?: unknown }).errorMessage;
  } catch {
    // Not JSON: the status says what there is to say.
  }
  const line = typeof reason === "string" ? `: ${reason.split("\n")[0]}` : "";
  return `sls offline answered HTTP ${status} itself, not the API${line}`;
}

/** An answer sls offline made itself (no request id of the handler's), in the API's error shape. */
function replaceSlsOfflineAnswer(
  req: IncomingMessage,
  answer: IncomingMessage,
  res: ServerResponse,
  onFailure: ApiGuardOptions["onFailure"],
): void {
  const status = answer.statusCode ?? 502;
  if (status >= 400 && status < 500) {
    answer.resume();
    const error =
      status === 404
        ? { code: "NOT_FOUND", message: "Not found: the API answers at /graphql." }
        : { code: "BAD_REQUEST", message: "The request was rejected as invalid." };
    apiError(req, res, status, error);
    return;
  }
  readBody(answer, MAX_FAILURE_BYTES).then(
    (body) => {
      const error = { code: "INTERNAL_SERVER_ERROR", message: "Internal server error." };
      onFailure?.(apiError(req, res, 500, error), failureDetail(status, body));
    },
    () => res.destroy(),
  );
}

export async function startApiGuard(options: ApiGuardOptions): Promise<ApiGuard> {
  const upstream = new SocketUpstream(options.upstreamSocket, "The API (sls offline)", (res) => {
    const message = "The local API (sls offline) is not answering; retry shortly.";
    options.onFailure?.(
      apiError(res.req, res, 502, { code: "UPSTREAM_UNAVAILABLE", message }),
      "sls offline is not answering",
    );
  });
  let inFlight = 0;
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) {
      const message = `The request body is larger than ${MAX_BODY_BYTES} bytes.`;
      apiError(req, res, 413, { code: "BAD_REQUEST", message, limit: MAX_BODY_BYTES });
      return;
    }
    await upstream.forward(req, res, body, {}, (answer) => {
      if (req.method === "OPTIONS" || answer.headers["x-request-id"] !== undefined) passBack(answer, res);
      else replaceSlsOfflineAnswer(req, answer, res, options.onFailure);
    });
  };
  const guard = await startGuardServer(options, (req, res) => {
    if (refuseUntrusted(options.trust, req, res)) return;
    // Preflights are answered by sls offline's router, without running the function.
    const counted = req.method !== "OPTIONS";
    if (counted && inFlight >= options.maxConcurrency) return busy(req, res, options.maxConcurrency);
    if (counted) inFlight++;
    serve(req, res)
      .catch(() => res.destroy())
      .finally(() => {
        if (counted) inFlight--;
      });
  });
  return {
    ...guard,
    get inFlight() {
      return inFlight;
    },
  };
}
