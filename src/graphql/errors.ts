/**
 * Errors as clients see them: `extensions.code` from a fixed list, the request id in `extensions`,
 * and a message chosen here. Chime's messages, stack traces and unexpected errors' messages stay in
 * the operator's log.
 */
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ChimeCallError, type ApiErrorCode } from "../chime/errors";
import { CredentialsError } from "../credentials/errors";
import { currentRequestScope } from "./requestScope";
import type { ServerPlugin } from "./server";

const CLIENT_MESSAGES: Record<ApiErrorCode, string> = {
  BAD_USER_INPUT: "The request was rejected as invalid.",
  FORBIDDEN: "You are not allowed to do this, or the resource does not exist.",
  NOT_FOUND: "Not found.",
  CONFLICT: "The request conflicts with the current state of the resource.",
  THROTTLED: "Too many requests; retry later.",
  UNAUTHENTICATED: "Authentication required: send a valid Cognito token as `Authorization: Bearer <token>`.",
  UPSTREAM_UNAVAILABLE: "The chat service is unavailable; retry later.",
  NOT_CONFIGURED: "This deployment does not offer this feature.",
  INTERNAL_SERVER_ERROR: "Internal server error.",
};

/** Codes whose message is written for the client (ours, or GraphQL's own about the request). */
const CLIENT_FACING = new Set([
  "BAD_USER_INPUT",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "THROTTLED",
  "UNAUTHENTICATED",
  "UPSTREAM_UNAVAILABLE",
  "NOT_CONFIGURED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/** Extension keys a client may see besides `code` and `requestId`. */
const PUBLIC_EXTENSIONS = ["field", "limit", "retryAfter"];

/**
 * The `retry-after` (seconds) of answers that tell the client to retry later. Chime and STS name no
 * delay of their own when they throttle or fail (the SDK has already backed off and retried), so one
 * second, the shortest meaningful wait.
 */
export const RETRY_AFTER_SECONDS = 1;
const RETRY_LATER: ReadonlySet<unknown> = new Set(["THROTTLED", "UPSTREAM_UNAVAILABLE"]);

/**
 * Adds `retry-after` to an answer carrying a THROTTLED or UPSTREAM_UNAVAILABLE error (HTTP 200 when a
 * resolver failed so, e.g. Chime throttled a sendMessage), as errors raised before execution carry it
 * with their 429 or 503. A value already set (a limiter that knows its own wait) is kept.
 */
export function retryAfterPlugin<Context>(): ServerPlugin<Context> {
  return {
    requestDidStart: () => ({
      willSendResponse({ result }) {
        if (
          result.body.errors?.some((error) => RETRY_LATER.has(error.extensions?.code)) &&
          !result.headers.has("retry-after")
        ) {
          result.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
        }
        return Promise.resolve();
      },
    }),
  };
}

/** HTTP status for errors raised before execution (context creation), by code. */
export const HTTP_STATUS: Partial<Record<ApiErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  THROTTLED: 429,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export function apiError(
  code: ApiErrorCode,
  message = CLIENT_MESSAGES[code],
  extensions: Record<string, unknown> = {},
) {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** Invalid input, found before any Chime call: the message names the field and its limit. */
export function badUserInput(field: string, message: string, limit?: string | number): GraphQLError {
  return apiError("BAD_USER_INPUT", message, limit === undefined ? { field } : { field, limit });
}

export function forbidden(message = CLIENT_MESSAGES.FORBIDDEN): GraphQLError {
  return apiError("FORBIDDEN", message);
}

/** What a resolver threw, when graphql-js or graphql-jit wrapped it (with the field's path) in a GraphQLError. */
function unwrapResolverError(error: unknown): unknown {
  return error instanceof GraphQLError && error.path && error.originalError ? error.originalError : error;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const scope = currentRequestScope();
  const requestId = scope?.requestId;
  const original = unwrapResolverError(error);
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };

  // Chime's and STS's failures: the code decides the message (their own text stays out).
  if (original instanceof ChimeCallError || original instanceof CredentialsError) {
    return { message: CLIENT_MESSAGES[original.code], ...where, extensions: { code: original.code, requestId } };
  }
  const code = typeof formatted.extensions?.code === "string" ? formatted.extensions.code : undefined;
  if (code !== undefined && CLIENT_FACING.has(code)) {
    const extensions: Record<string, unknown> = { code };
    for (const key of PUBLIC_EXTENSIONS) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }
    extensions.requestId = requestId;
    return { message: formatted.message, ...where, extensions };
  }
  scope?.logger.error("Unexpected error", {
    error: original instanceof Error ? original : String(original),
    path: formatted.path,
  });
  return {
    message: CLIENT_MESSAGES.INTERNAL_SERVER_ERROR,
    ...where,
    extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
  };
}
