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

export class BadRequestError extends ChimeServiceError {
  constructor(message: string) {
    super("BadRequestException", "BadRequest", 400, message);
  }
}

export class UnauthorizedClientError extends ChimeServiceError {
  constructor(message: string) {
    super("UnauthorizedClientException", "Unauthorized", 401, message);
  }
}

export class ForbiddenError extends ChimeServiceError {
  constructor(message: string) {
    super("ForbiddenException", "Forbidden", 403, message);
  }
}

export class NotFoundError extends ChimeServiceError {
  constructor(message: string) {
    super("NotFoundException", "NotFound", 404, message);
  }
}

export class ConflictError extends ChimeServiceError {
  constructor(message: string) {
    super("ConflictException", "Conflict", 409, message);
  }
}

/** The model gives ResourceLimitExceededException status 400, not 429. */
export class ResourceLimitExceededError extends ChimeServiceError {
  constructor(message: string) {
    super("ResourceLimitExceededException", "ResourceLimitExceeded", 400, message);
  }
}

/** A rate quota (TPS) is exceeded: 429, which every SDK retries with backoff as throttling. */
export class ThrottledClientError extends ChimeServiceError {
  constructor(message = "Rate exceeded.") {
    super("ThrottledClientException", "Throttled", 429, message);
  }
}

/** The service is unavailable for a moment: 503, retried by the SDKs as a transient error. */
export class ServiceUnavailableError extends ChimeServiceError {
  constructor(message = "The service is currently unavailable.") {
    super("ServiceUnavailableException", "ServiceUnavailable", 503, message);
  }
}

export class ServiceFailureError extends ChimeServiceError {
  constructor(message = "The local endpoint failed to process the request.") {
    super("ServiceFailureException", "ServiceFailure", 500, message);
  }
}

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
export class AccessDeniedError extends ChimeServiceError {
  constructor(message: string) {
    super("AccessDeniedException", "AccessDenied", 403, message);
  }
}
