/**
 * What the endpoint's two protocols share: the raw request, the reply, and the shape of a protocol's
 * handler (restJson.ts for Chime, awsQuery.ts for STS). server.ts reads requests and writes replies;
 * the protocols decide what a request means, asking the guard (local/guard) who may make it.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { RequestContext } from "../chime/services";

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

export interface Reply {
  status: number;
  body?: string;
  contentType: string;
  /** For errors: the x-amzn-ErrorType (Chime) or error code (STS). */
  errorType?: string;
  /** Close the connection without answering (a fault). */
  drop?: boolean;
}

/** Set by a protocol as soon as it knows the operation, for the request log. */
export interface Trace {
  operation?: string;
}

export interface ProtocolHandler {
  /** Answers one request, or throws what `errorReply` turns into the protocol's error. */
  handle(request: RawRequest, context: RequestContext, trace: Trace): Promise<Reply> | Reply;
  errorReply(error: unknown, requestId: string): Reply;
}

/** What a protocol's errorReply answers for a fault that drops the connection (faultInjection.ts). */
export const DROPPED: Reply = { status: 0, contentType: "", drop: true, errorType: "ConnectionDropped" };

/** Unexpected failures, for the operator; the client only sees the protocol's generic 500. */
export type InternalErrorListener = (error: unknown, requestId: string) => void;
