/**
 * What a client sees when Chime refuses a call, as the README's error table promises: the code, the
 * HTTP status, `retry-after` where it should retry, and never Chime's text. Over the API with the
 * local endpoint where the endpoint can answer so (its faults, its implicit authorization); as a pure
 * unit for the answers it never gives (IAM, signatures, the network, errors no model declares).
 */
import { SendChannelMessageCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { codeForChimeErrorCode, toChimeCallError } from "../../src/chime/errors";
import { createChannel, errorOf, signIn } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";
import { clearFaults, setFaults } from "../support/faultControl";

describe("a sendMessage Chime refuses, as the client sees it", () => {
  let stack: ApiStack;
  let alice: ApiUser;
  let bob: ApiUser;
  let channelArn: string;
  const target = () => ({ port: stack.t.endpoint.port, developerKey: stack.t.credentials.developer });
  beforeAll(async () => {
    stack = await startApiStack({ auth: "test-issuer" });
    [alice, bob] = [await stack.user("alice"), await stack.user("bob")];
    for (const user of [alice, bob]) await signIn(stack, user);
    channelArn = (await createChannel(stack, alice, { name: "alice's only" })).arn;
  });
  afterEach(() => clearFaults(target()));
  afterAll(async () => {
    await stack?.close();
  });

  const send = (user: ApiUser) =>
    stack.gql(user.token, `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "hi" }) { messageId } }`, {
      c: channelArn,
    });
  /** Chime's own text for the same call as `bearer`, as the SDK reports it (one attempt). */
  async function chimeText(bearer: string): Promise<string> {
    const direct = stack.t.messaging.send(
      new SendChannelMessageCommand({
        ChannelArn: channelArn,
        ChimeBearer: bearer,
        Content: "hi",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
      }),
    );
    const refused = (await direct.then(
      () => undefined,
      (error: unknown) => error,
    )) as Error | undefined;
    if (!refused) throw new Error("Chime accepted the call");
    return refused.message;
  }

  test.each([
    // "The client exceeded its request rate limit" (ThrottledClientException, 429): back off and retry.
    ["throttle", "THROTTLED"],
    // "The service is currently unavailable" (503) / "encountered an unexpected error" (500): retry later.
    ["unavailable", "UPSTREAM_UNAVAILABLE"],
    ["failure", "UPSTREAM_UNAVAILABLE"],
  ] as const)("Chime's %s: %s, HTTP 200, retry-after in seconds, none of Chime's text", async (fault, code) => {
    await setFaults(target(), { rules: [{ operations: ["SendChannelMessage"], fault, count: 1 }] });
    const text = await chimeText(alice.arn);
    // The API's SDK client tries three times: every attempt is refused.
    await setFaults(target(), { rules: [{ operations: ["SendChannelMessage"], fault, count: 3 }] });
    const response = await send(alice);
    expect(response.status).toBe(200);
    expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(errorOf(response, code).message).not.toContain(text);
  });

  test("Chime's ForbiddenException (not a member): FORBIDDEN, no retry-after, none of Chime's text", async () => {
    const text = await chimeText(bob.arn);
    const response = await send(bob);
    expect(response.status).toBe(200);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(errorOf(response, "FORBIDDEN").message).not.toContain(text);
  });
});

function sdkError(name: string, status?: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error("a message Chime wrote"), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status, requestId: "req-1" },
    ...extra,
  });
}

// The answers the local endpoint never gives to the API's calls.
test.each([
  ["BadRequestException", 400, "BAD_USER_INPUT"],
  ["AccessDeniedException", 403, "FORBIDDEN"],
  ["NotFoundException", 404, "NOT_FOUND"],
  ["ConflictException", 409, "CONFLICT"],
  ["ResourceLimitExceededException", 400, "CONFLICT"],
  ["ThrottlingException", 400, "THROTTLED"],
  ["SomethingNew", 429, "THROTTLED"],
  ["UnauthorizedClientException", 401, "UNAUTHENTICATED"],
  ["NotImplementedException", 501, "UPSTREAM_UNAVAILABLE"],
  ["InvalidSignatureException", 403, "UPSTREAM_UNAVAILABLE"],
  ["UnrecognizedClientException", 403, "UPSTREAM_UNAVAILABLE"],
  ["TimeoutError", undefined, "UPSTREAM_UNAVAILABLE"],
  ["Error", undefined, "UPSTREAM_UNAVAILABLE"],
  // A fault in code (ours or the SDK's) has no status either, but retrying will not help.
  ["TypeError", undefined, "INTERNAL_SERVER_ERROR"],
  ["RangeError", undefined, "INTERNAL_SERVER_ERROR"],
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
