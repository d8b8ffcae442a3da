/**
 * The wire contract of the server itself, over raw (signed) HTTP: what the SDKs and the AWS CLI read
 * to pick an exception class, and how unknown and unimplemented operations answer.
 */
import {
  BadRequestException,
  ChimeSDKMessagingServiceException,
  GetMessagingStreamingConfigurationsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { startTestEndpoint, useTestEndpoint } from "../../test/support/localEndpoint";
import { signedRequest, type SignedRequest } from "../../test/support/signedHttp";

const t = useTestEndpoint();

const send = (request: Omit<SignedRequest, "port" | "credentials">) =>
  signedRequest({ port: t.endpoint.port, credentials: t.credentials.developer, ...request });
const messageOf = (body: string) => (JSON.parse(body) as { Message: string }).Message;

test("errors carry the status, x-amzn-ErrorType, x-amzn-RequestId and a {Code, Message} body", async () => {
  const channelArn = encodeURIComponent("arn:aws:chime:us-east-1:111122223333:app-instance/x/channel/y");
  const response = await send({
    method: "GET",
    path: `/channels/${channelArn}/messages`,
    headers: { "x-amz-chime-bearer": "arn:aws:chime:us-east-1:111122223333:app-instance/x/user/nobody" },
  });
  expect(response.status).toBe(401);
  expect(response.headers["x-amzn-errortype"]).toBe("UnauthorizedClientException");
  expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.headers["content-type"]).toBe("application/json");
  expect(JSON.parse(response.body)).toEqual({ Code: "Unauthorized", Message: expect.any(String) as string });
});

test("a missing required member is a BadRequestException naming it", async () => {
  const response = await send({ method: "POST", path: "/channels", body: JSON.stringify({ Name: "x" }) });
  expect(response.status).toBe(400);
  expect(response.headers["x-amzn-errortype"]).toBe("BadRequestException");
  expect(messageOf(response.body)).toBe(
    "3 validation errors detected: " +
      "Value null at 'appInstanceArn' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'clientRequestToken' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'chimeBearer' failed to satisfy constraint: Member must not be null",
  );
});

test("a body that is not JSON is a BadRequestException, not a crash", async () => {
  const response = await send({ method: "POST", path: "/app-instances", body: "{not json" });
  expect(response.status).toBe(400);
  expect(response.headers["x-amzn-errortype"]).toBe("BadRequestException");
});

test("a path no operation uses answers UnknownOperationException as JSON", async () => {
  const response = await send({ method: "GET", path: "/nothing/here" });
  expect(response.status).toBe(404);
  expect(response.headers["x-amzn-errortype"]).toBe("UnknownOperationException");
  expect(messageOf(response.body)).toContain("/nothing/here");
});

test("an unsigned request is refused before anything else", async () => {
  const response = await send({ method: "GET", path: "/nothing/here", unsigned: true });
  expect(response.status).toBe(403);
  expect(response.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
});

test("an operation of the model that is not implemented names itself, through the SDK", async () => {
  const error: unknown = await t.messaging
    .send(
      new GetMessagingStreamingConfigurationsCommand({ AppInstanceArn: "arn:aws:chime:us-east-1:1:app-instance/a" }),
    )
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChimeSDKMessagingServiceException);
  expect((error as Error).name).toBe("NotImplementedException");
  expect((error as Error).message).toContain("ChimeSDKMessaging.GetMessagingStreamingConfigurations");
  expect((error as ChimeSDKMessagingServiceException).$metadata.httpStatusCode).toBe(501);
});

test("an operation that is not implemented still validates first, as every operation of the models does", async () => {
  const error: unknown = await t.messaging
    .send(new GetMessagingStreamingConfigurationsCommand({ AppInstanceArn: "not-an-arn" }))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  expect((error as Error).message).toMatch(/^1 validation error detected: Value 'not-an-arn' at 'appInstanceArn'/);
});

// Every operation of the models that is not implemented answering 501 to a valid call, naming itself:
// test/conformance/models.test.ts.

test("CORS: a preflight is answered unsigned; answers to a browser's request allow its origin", async () => {
  const preflight = await send({
    method: "OPTIONS",
    path: "/endpoints/messaging-session",
    unsigned: true,
    headers: {
      origin: "http://localhost:3000",
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization,x-amz-date,x-amz-security-token,x-amz-chime-bearer",
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers).toMatchObject({
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "authorization,x-amz-date,x-amz-security-token,x-amz-chime-bearer",
  });
  expect(preflight.headers["access-control-allow-methods"]).toContain("GET");
  const answer = await send({ method: "GET", path: "/nothing/here", headers: { origin: "http://localhost:3000" } });
  expect(answer.status).toBe(404);
  expect(answer.headers["access-control-allow-origin"]).toBe("*");
  expect(answer.headers["access-control-expose-headers"]).toContain("x-amzn-ErrorType");
  // Without an Origin, no CORS headers; an OPTIONS that is not a preflight is an ordinary (unsigned) request.
  expect((await send({ method: "GET", path: "/nothing/here" })).headers["access-control-allow-origin"]).toBeUndefined();
  expect((await send({ method: "OPTIONS", path: "/", unsigned: true })).status).toBe(403);
});

test("the Date header is the endpoint's clock, which the SDKs correct their skew from", async () => {
  const moved = await startTestEndpoint({ clock: { now: () => new Date("2031-02-03T04:05:06Z") } });
  try {
    const response = await signedRequest({
      port: moved.endpoint.port,
      credentials: moved.credentials.developer,
      method: "GET",
      path: "/nothing/here",
      unsigned: true,
    });
    expect(response.status).toBe(403);
    expect(response.headers.date).toBe("Mon, 03 Feb 2031 04:05:06 GMT");
  } finally {
    await moved.close();
  }
});
