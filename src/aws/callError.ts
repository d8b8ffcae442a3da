/**
 * A failed AWS call as one of the API's error codes. Each service keeps its own table of error names
 * (src/chime/errors.ts, src/credentials/errors.ts); what they share is here: the error type the GraphQL
 * layer turns into a client error, how an SDK v3 error is read, and the fallback by HTTP status for
 * names no table knows. The AWS message is never kept: it is not ours to show, and it may quote secrets.
 */
import type { ApiErrorCode } from "../chime/errors";
import { DEADLINE_EXCEEDED } from "./deadline";

/** A failed AWS call. `message` is for the operator's log; clients get a message chosen by code. */
export class AwsCallError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    /** The AWS operation, e.g. `SendChannelMessage`. */
    readonly operation: string,
    /** The SDK's error name, e.g. `ForbiddenException`, or ours for a failure found before the call. */
    readonly awsErrorName: string,
    readonly httpStatus: number | undefined,
    readonly awsRequestId: string | undefined,
    /** What the operator should check, for failures that are configuration faults. */
    readonly operatorHint?: string,
  ) {
    super(`${operation} failed: ${awsErrorName}${httpStatus === undefined ? "" : ` (HTTP ${httpStatus})`}`);
    this.name = "AwsCallError";
  }
}

/** What an SDK v3 error says of itself, read defensively (anything may be thrown). */
export interface SdkErrorFacts {
  /** The error's `name` (`Error` when it has none; RequestDeadlineExceeded for a call the request's deadline aborted). */
  name: string;
  /** A Node.js system error's `code` (e.g. `ECONNRESET`), when the call got no answer. */
  systemCode: string | undefined;
  /** An awsQuery error's `Code`, when the SDK has no class for it (it is then named `Error`). */
  queryCode: string | undefined;
  httpStatus: number | undefined;
  awsRequestId: string | undefined;
}

interface SdkErrorShape {
  name?: unknown;
  cause?: { name?: unknown };
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

export function readSdkError(error: unknown): SdkErrorFacts {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const aborted = shape.name === "AbortError" && shape.cause?.name === DEADLINE_EXCEEDED;
  return {
    name: aborted ? DEADLINE_EXCEEDED : typeof shape.name === "string" ? shape.name : "Error",
    systemCode: typeof shape.code === "string" ? shape.code : undefined,
    queryCode: typeof shape.Code === "string" ? shape.Code : undefined,
    httpStatus: typeof shape.$metadata?.httpStatusCode === "number" ? shape.$metadata.httpStatusCode : undefined,
    awsRequestId: typeof shape.$metadata?.requestId === "string" ? shape.$metadata.requestId : undefined,
  };
}

/** JavaScript's own errors: a fault in code (ours or the SDK's), never an answer or the network. */
const CODE_FAULTS: ReadonlySet<string> = new Set(["TypeError", "ReferenceError", "RangeError", "SyntaxError"]);

export function isCodeFault(name: string): boolean {
  return CODE_FAULTS.has(name);
}

/**
 * The code of an error no table names, by its HTTP status; a fault in code is INTERNAL_SERVER_ERROR
 * (it has no status either, but retrying will not help).
 */
export function codeForUnnamedError(httpStatus: number | undefined, name: string): ApiErrorCode {
  if (isCodeFault(name)) return "INTERNAL_SERVER_ERROR";
  if (httpStatus === 429) return "THROTTLED";
  // No HTTP answer at all (connection refused, reset, timed out) or a server fault.
  if (httpStatus === undefined || httpStatus >= 500) return "UPSTREAM_UNAVAILABLE";
  return "INTERNAL_SERVER_ERROR";
}
