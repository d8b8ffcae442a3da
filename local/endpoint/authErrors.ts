/**
 * How a failed SigV4 check reads in each protocol. Chime (JSON) uses the JSON-family names of AWS's
 * front door; STS (query) its own codes. The SDKs retry neither, except the clock-skew ones after
 * correcting their clock.
 */
import type { SigV4FailureKind } from "../sigv4/verify";
import { StsError } from "../sts/errors";
import { ChimeServiceError } from "../chime/errors";

const chimeNames: Record<SigV4FailureKind, [errorType: string, status: number]> = {
  MissingAuthentication: ["MissingAuthenticationTokenException", 403],
  IncompleteSignature: ["IncompleteSignatureException", 400],
  UnknownAccessKey: ["UnrecognizedClientException", 403],
  InvalidToken: ["UnrecognizedClientException", 403],
  ExpiredToken: ["ExpiredTokenException", 403],
  SignatureExpired: ["InvalidSignatureException", 403],
  SignatureMismatch: ["InvalidSignatureException", 403],
};

const stsCodes: Record<SigV4FailureKind, [code: string, status: number]> = {
  MissingAuthentication: ["MissingAuthenticationToken", 403],
  IncompleteSignature: ["IncompleteSignature", 400],
  UnknownAccessKey: ["InvalidClientTokenId", 403],
  InvalidToken: ["InvalidClientTokenId", 403],
  ExpiredToken: ["ExpiredToken", 403],
  SignatureExpired: ["SignatureDoesNotMatch", 403],
  SignatureMismatch: ["SignatureDoesNotMatch", 403],
};

/** The error type and status of a failed signature in AWS's JSON protocols (Chime; cognito-local's guard). */
export function jsonAuthError(kind: SigV4FailureKind): { errorType: string; status: number } {
  const [errorType, status] = chimeNames[kind];
  return { errorType, status };
}

export function chimeAuthError(kind: SigV4FailureKind, message: string): ChimeServiceError {
  const { errorType, status } = jsonAuthError(kind);
  return new ChimeServiceError(errorType, errorType.replace(/Exception$/, ""), status, message);
}

export function stsAuthError(kind: SigV4FailureKind, message: string): StsError {
  const [code, status] = stsCodes[kind];
  return new StsError(code, status, message);
}
