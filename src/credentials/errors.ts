/**
 * STS failures as the API's error codes. Like Chime's (src/chime/errors.ts), the mapping reads the
 * error's name, then the HTTP status; STS's message is neither passed on nor logged (on AWS a
 * signature error's message quotes the canonical request, which carries the server's session token).
 * `operatorHint` is our own text for the log, for the failures only the operator can fix.
 */
import { AwsCallError, codeForUnnamedError, isCodeFault, readSdkError } from "../aws/callError";
import type { ApiErrorCode } from "../chime/errors";

type Mapping = { code: ApiErrorCode; operatorHint?: string };

const SERVER_CREDENTIALS =
  "STS refused the server's own credentials (the Lambda role's session, or AWS_ACCESS_KEY_ID locally).";

const BY_NAME: Record<string, Mapping> = {
  Throttling: { code: "THROTTLED" },
  ThrottlingException: { code: "THROTTLED" },
  RequestLimitExceeded: { code: "THROTTLED" },
  TooManyRequestsException: { code: "THROTTLED" },
  ServiceUnavailable: { code: "UPSTREAM_UNAVAILABLE" },
  ServiceUnavailableException: { code: "UPSTREAM_UNAVAILABLE" },
  InternalFailure: { code: "UPSTREAM_UNAVAILABLE" },
  InternalError: { code: "UPSTREAM_UNAVAILABLE" },
  TimeoutError: { code: "UPSTREAM_UNAVAILABLE" },
  // The server's own credentials or signature: a deployment fault, not the caller's (as for Chime).
  ExpiredToken: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  ExpiredTokenException: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  InvalidClientTokenId: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  SignatureDoesNotMatch: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  IncompleteSignature: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  MissingAuthenticationToken: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  CredentialsProviderError: { code: "UPSTREAM_UNAVAILABLE", operatorHint: SERVER_CREDENTIALS },
  AccessDenied: {
    code: "INTERNAL_SERVER_ERROR",
    operatorHint:
      "The server role may not assume CHIME_USER_ROLE_ARN with a session tag: check sts:AssumeRole and " +
      "sts:TagSession in the server role's policy and the user role's trust policy.",
  },
  // Our input is checked before the call; what STS can still refuse is the duration: above the role's
  // MaxSessionDuration, or above one hour when the caller is itself a role session (role chaining,
  // which is what a Lambda role is).
  ValidationError: {
    code: "INTERNAL_SERVER_ERROR",
    operatorHint:
      "STS refused the AssumeRole input: CREDENTIALS_DURATION_SECONDS is probably above the user role's " +
      "MaxSessionDuration (or above 3600, the limit when the server runs as a role session).",
  },
  RegionDisabledException: {
    code: "INTERNAL_SERVER_ERROR",
    operatorHint: "STS is not activated in this region for the account.",
  },
  PackedPolicyTooLargeException: {
    code: "INTERNAL_SERVER_ERROR",
    operatorHint: "The session tag is too large for STS: check CHIME_SESSION_TAG_KEY.",
  },
};

/**
 * A failed credential vending (its `operation` is the STS operation, `AssumeRole`; its `awsErrorName` may
 * be ours, e.g. `IncompleteCredentials`).
 */
export class CredentialsError extends AwsCallError {
  override name = "CredentialsError";
}

export function toCredentialsError(operation: string, error: unknown): CredentialsError {
  if (error instanceof CredentialsError) return error;
  const facts = readSdkError(error);
  // awsQuery errors without a modelled class arrive as a generic error named by their Code.
  const name = facts.name === "Error" && facts.queryCode !== undefined ? facts.queryCode : facts.name;
  const mapping: Mapping = BY_NAME[name] ?? unnamedErrorMapping(facts.httpStatus, name);
  return new CredentialsError(
    mapping.code,
    operation,
    name,
    facts.httpStatus,
    facts.awsRequestId,
    mapping.operatorHint,
  );
}

function unnamedErrorMapping(httpStatus: number | undefined, name: string): Mapping {
  const code = codeForUnnamedError(httpStatus, name);
  const refused = code === "INTERNAL_SERVER_ERROR" && !isCodeFault(name);
  return refused ? { code, operatorHint: "STS refused the AssumeRole request." } : { code };
}
