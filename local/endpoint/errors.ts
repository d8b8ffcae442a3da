import { ChimeServiceError } from "../chime/errors";

/** A method and path that no operation of either model uses; AWS answers UnknownOperationException. */
export class UnknownOperationError extends ChimeServiceError {
  constructor(method: string, path: string) {
    super("UnknownOperationException", "UnknownOperation", 404, `No operation matches ${method} ${path}.`);
  }
}

/**
 * A request body over the endpoint's limit (1 MiB, far above any Chime or STS input: a message is at
 * most 4 KB). AWS's front door answers such a body with 413 before the service sees it; the models
 * declare no error for it, so the SDKs raise a generic service exception named by x-amzn-ErrorType
 * (Chime) or the XML Code (STS). Reading: the name and wording of API Gateway's 413 (RequestEntityTooLarge,
 * "Request Too Long"), the JSON and XML shapes of each protocol's other errors.
 */
export class RequestTooLargeError extends ChimeServiceError {
  constructor(limitBytes: number) {
    super(
      "RequestEntityTooLargeException",
      "RequestEntityTooLarge",
      413,
      `Request Too Long: the body is over ${limitBytes} bytes.`,
    );
  }
}
