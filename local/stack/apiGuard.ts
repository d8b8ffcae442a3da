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
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { refuseUntrusted, type ListenerTrust } from "../http/trust";
import { readBody, SocketUpstream, startGuardServer, type GuardServer } from "./guardServer";

export interface ApiGuardOptions {
  host: string;
  port: number;
  /** sls offline's HTTP socket. */
  upstreamSocket: string;
  trust: ListenerTrust;
  maxConcurrency: number;
}

export interface ApiGuard extends GuardServer {
  /** Requests being served now. */
  readonly inFlight: number;
}

function busy(req: IncomingMessage, res: ServerResponse, maxConcurrency: number): void {
  const requestId = randomUUID();
  const body = JSON.stringify({
    errors: [
      {
        message: `The local API is serving its maximum of ${maxConcurrency} requests at once (API_MAX_CONCURRENCY); retry shortly.`,
        extensions: { code: "UPSTREAM_UNAVAILABLE", requestId },
      },
    ],
  });
  res.writeHead(503, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "retry-after": "1",
    "x-request-id": requestId,
    // The Origin was checked: a page of a development origin can read why, and when to retry.
    ...(req.headers.origin
      ? {
          "access-control-allow-origin": req.headers.origin,
          "access-control-expose-headers": "retry-after,x-request-id",
        }
      : {}),
  });
  res.end(body);
}

/** Far above the API's own limit (GRAPHQL_MAX_BODY_BYTES, 413 from the handler): the guard's buffer only. */
const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(res: ServerResponse): void {
  const body = JSON.stringify({
    errors: [
      { message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`, extensions: { code: "BAD_REQUEST" } },
    ],
  });
  res.writeHead(413, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function startApiGuard(options: ApiGuardOptions): Promise<ApiGuard> {
  const upstream = new SocketUpstream(options.upstreamSocket, "The API (sls offline)");
  let inFlight = 0;
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return tooLarge(res);
    await upstream.forward(req, res, body);
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
