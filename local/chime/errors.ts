/**
 * Wire errors of the Chime SDK services. Each one carries what the SDKs read to pick the exception
 * class: the HTTP status, the `x-amzn-ErrorType` header (the exception name) and the `Code` enum value
 * of the body (`{"Code": "BadRequest", "Message": "..."}`), as in the services' models.
 */
export class ChimeServiceError extends Error {
  constructor(
    /** Exception name sent in `x-amzn-ErrorType`, e.g. `ForbiddenException`. */
    readonly errorType: string,
    /** The model's `ErrorCode` enum value sent as `Code` in the body, e.g. `Forbidden`. */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** The class of one of the models' exceptions, thrown with a message of the operation's own. */
function chimeException(errorType: string, code: string, status: number) {
  return class extends ChimeServiceError {
    constructor(message: string) {
      super(errorType, code, status, message);
    }
  };
}

/** The same for the service's own failures, which say the same whatever the operation. */
function chimeExceptionWithDefaultMessage(errorType: string, code: string, status: number, defaultMessage: string) {
  return class extends chimeException(errorType, code, status) {
    constructor(message = defaultMessage) {
      super(message);
    }
  };
}

export class BadRequestError extends chimeException("BadRequestException", "BadRequest", 400) {}

export class UnauthorizedClientError extends chimeException("UnauthorizedClientException", "Unauthorized", 401) {}

export class ForbiddenError extends chimeException("ForbiddenException", "Forbidden", 403) {}

export class NotFoundError extends chimeException("NotFoundException", "NotFound", 404) {}

export class ConflictError extends chimeException("ConflictException", "Conflict", 409) {}

/** The model gives ResourceLimitExceededException status 400, not 429. */
export class ResourceLimitExceededError extends chimeException(
  "ResourceLimitExceededException",
  "ResourceLimitExceeded",
  400,
) {}

/** A rate quota (TPS) is exceeded: 429, which every SDK retries with backoff as throttling. */
export class ThrottledClientError extends chimeExceptionWithDefaultMessage(
  "ThrottledClientException",
  "Throttled",
  429,
  "Rate exceeded.",
) {}

/** The service is unavailable for a moment: 503, retried by the SDKs as a transient error. */
export class ServiceUnavailableError extends chimeExceptionWithDefaultMessage(
  "ServiceUnavailableException",
  "ServiceUnavailable",
  503,
  "The service is currently unavailable.",
) {}

export class ServiceFailureError extends chimeExceptionWithDefaultMessage(
  "ServiceFailureException",
  "ServiceFailure",
  500,
  "The local endpoint failed to process the request.",
) {}

/**
 * An operation that the services' models define but this endpoint does not implement. 501 is not a
 * transient status for the SDKs' retry strategies, so clients fail at once with a message naming it.
 */
export class NotImplementedError extends ChimeServiceError {
  constructor(serviceName: string, operationName: string) {
    super(
      "NotImplementedException",
      "NotImplemented",
      501,
      `${serviceName}.${operationName} is not implemented by the local endpoint.`,
    );
  }
}

/** IAM refused the request; not in the Chime models, so the SDK throws a generic error with this name. */
export class AccessDeniedError extends chimeException("AccessDeniedException", "AccessDenied", 403) {}
