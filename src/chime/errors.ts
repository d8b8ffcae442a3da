/**
 * Chime (and transport) failures as the API's error codes. The mapping reads the SDK's exception name
 * first, then the HTTP status; the Chime message is never passed on (it is not ours to show).
 */
import { AwsCallError, codeForUnnamedError, readSdkError } from "../aws/callError";

/** The error codes clients see in `extensions.code`. */
export type ApiErrorCode =
  | "BAD_USER_INPUT"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "THROTTLED"
  | "UNAUTHENTICATED"
  | "UPSTREAM_UNAVAILABLE"
  // A feature the deployment does not have (mobile push without a push application): not Chime's.
  | "NOT_CONFIGURED"
  | "INTERNAL_SERVER_ERROR";

const BY_NAME: Record<string, ApiErrorCode> = {
  BadRequestException: "BAD_USER_INPUT",
  ForbiddenException: "FORBIDDEN",
  // IAM refused the server's role: for the caller it is the same as Chime refusing.
  AccessDeniedException: "FORBIDDEN",
  NotFoundException: "NOT_FOUND",
  ConflictException: "CONFLICT",
  // A quota of the app instance is reached: the request conflicts with the current state, and
  // retrying the same request will not help (unlike THROTTLED).
  ResourceLimitExceededException: "CONFLICT",
  ThrottledClientException: "THROTTLED",
  ThrottlingException: "THROTTLED",
  TooManyRequestsException: "THROTTLED",
  // The bearer is not (or no longer) a user of the app instance.
  UnauthorizedClientException: "UNAUTHENTICATED",
  ServiceFailureException: "UPSTREAM_UNAVAILABLE",
  ServiceUnavailableException: "UPSTREAM_UNAVAILABLE",
  // The server's own AWS credentials or signature were refused: a deployment fault, not the caller's.
  UnrecognizedClientException: "UPSTREAM_UNAVAILABLE",
  InvalidSignatureException: "UPSTREAM_UNAVAILABLE",
  MissingAuthenticationTokenException: "UPSTREAM_UNAVAILABLE",
  IncompleteSignatureException: "UPSTREAM_UNAVAILABLE",
  ExpiredTokenException: "UPSTREAM_UNAVAILABLE",
  TimeoutError: "UPSTREAM_UNAVAILABLE",
  CredentialsProviderError: "UPSTREAM_UNAVAILABLE",
};

/** A failed Chime call (its `operation` is the Chime operation, e.g. `SendChannelMessage`). */
export class ChimeCallError extends AwsCallError {
  override name = "ChimeCallError";
}

/**
 * The code of a per-item failure that Chime reports inside a successful answer (the `ErrorCode` enum of
 * BatchCreateChannelMembership: `Forbidden`, `NotFound`, `Conflict`, ...).
 */
export function codeForChimeErrorCode(errorCode: string | undefined): ApiErrorCode {
  return (errorCode && BY_NAME[`${errorCode}Exception`]) || "INTERNAL_SERVER_ERROR";
}

export function toChimeCallError(operation: string, error: unknown): ChimeCallError {
  const { name, systemCode, httpStatus, awsRequestId } = readSdkError(error);
  const code = BY_NAME[name] ?? codeForUnnamedError(httpStatus, name);
  const label = name === "Error" && systemCode !== undefined ? systemCode : name;
  return new ChimeCallError(code, operation, label, httpStatus, awsRequestId);
}
