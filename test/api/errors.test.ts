/**
 * How Chime's answers become error codes (a pure unit: the cases the local endpoint never produces,
 * such as throttling, are covered here; the others also over HTTP in the other files).
 */
import { codeForChimeErrorCode, toChimeCallError } from "../../src/chime/errors";

function sdkError(name: string, status?: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error("a message Chime wrote"), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status, requestId: "req-1" },
    ...extra,
  });
}

test.each([
  ["BadRequestException", 400, "BAD_USER_INPUT"],
  ["ForbiddenException", 403, "FORBIDDEN"],
  ["AccessDeniedException", 403, "FORBIDDEN"],
  ["NotFoundException", 404, "NOT_FOUND"],
  ["ConflictException", 409, "CONFLICT"],
  ["ResourceLimitExceededException", 400, "CONFLICT"],
  ["ThrottledClientException", 429, "THROTTLED"],
  ["ThrottlingException", 400, "THROTTLED"],
  ["SomethingNew", 429, "THROTTLED"],
  ["UnauthorizedClientException", 401, "UNAUTHENTICATED"],
  ["ServiceFailureException", 500, "UPSTREAM_UNAVAILABLE"],
  ["ServiceUnavailableException", 503, "UPSTREAM_UNAVAILABLE"],
  ["NotImplementedException", 501, "UPSTREAM_UNAVAILABLE"],
  ["InvalidSignatureException", 403, "UPSTREAM_UNAVAILABLE"],
  ["UnrecognizedClientException", 403, "UPSTREAM_UNAVAILABLE"],
  ["TimeoutError", undefined, "UPSTREAM_UNAVAILABLE"],
  ["Error", undefined, "UPSTREAM_UNAVAILABLE"],
  ["SomethingNew", 418, "INTERNAL_SERVER_ERROR"],
])("%s (HTTP %s) is %s", (name, status, code) => {
  const error = toChimeCallError("SendChannelMessage", sdkError(name, status));
  expect(error.code).toBe(code);
  expect(error.operation).toBe("SendChannelMessage");
  // The operator's message names the operation and the error, never Chime's text.
  expect(error.message).not.toContain("a message Chime wrote");
});

test("a network error names its code for the log", () => {
  const error = toChimeCallError("ListChannels", sdkError("Error", undefined, { code: "ECONNREFUSED" }));
  expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", awsErrorName: "ECONNREFUSED" });
});

test.each([
  ["Forbidden", "FORBIDDEN"],
  ["NotFound", "NOT_FOUND"],
  ["Conflict", "CONFLICT"],
  ["BadRequest", "BAD_USER_INPUT"],
  ["ResourceLimitExceeded", "CONFLICT"],
  [undefined, "INTERNAL_SERVER_ERROR"],
  ["Unheard", "INTERNAL_SERVER_ERROR"],
])("a batch member's ErrorCode %s is %s", (errorCode, code) => {
  expect(codeForChimeErrorCode(errorCode)).toBe(code);
});
