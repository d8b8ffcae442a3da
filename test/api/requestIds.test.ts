/**
 * Every request gets its own id, the one the Lambda runtime gives the invocation, never one the caller
 * chose: over HTTP through the real sls offline (which puts one constant id in every event's
 * requestContext, so only the invocation's id can tell requests apart), and invoked directly with an
 * event of the caller's making (what sls offline's invoke listener would pass on).
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { loadConfig } from "../../src/config";
import { createGraphqlHandler } from "../../src/graphql/lambda";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", gateway: "sls-offline" });
  alice = await stack.user("alice");
});
afterAll(async () => {
  await stack?.close();
});

test("two requests get two different ids, each the one its errors quote", async () => {
  const answers = await Promise.all([
    stack.gql(undefined, "{ me { userId } }"),
    stack.gql(undefined, "{ me { userId } }"),
  ]);
  const ids = answers.map((answer) => answer.headers.get("x-request-id"));
  expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
  expect(ids[0]).not.toBe(ids[1]);
  expect(answers.map((answer) => answer.body.errors?.[0].extensions?.requestId)).toEqual(ids);
});

test("a caller's x-request-id header is not taken", async () => {
  const answer = await stack.gql(alice.token, "{ me { userId } }", {}, { "x-request-id": "chosen-by-the-caller" });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("x-request-id")).not.toBe("chosen-by-the-caller");
});

test("a direct invoke with an event of the caller's making gets the invocation's id, not the event's", async () => {
  // process.env holds the stack's configuration (apiStack sets it for the handlers it builds).
  const handler = createGraphqlHandler(loadConfig(process.env));
  const event = (requestId: string): APIGatewayProxyEventV2 => ({
    version: "2.0",
    routeKey: "POST /graphql",
    rawPath: "/graphql",
    rawQueryString: "",
    headers: { "content-type": "application/json", authorization: `Bearer ${alice.token}` },
    requestContext: {
      accountId: "offlineContext_accountId",
      apiId: "offlineContext_apiId",
      domainName: "127.0.0.1",
      domainPrefix: "127",
      requestId,
      routeKey: "POST /graphql",
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      http: { method: "POST", path: "/graphql", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "" },
    },
    body: JSON.stringify({ query: "{ me { userId } }" }),
    isBase64Encoded: false,
  });
  const context = (awsRequestId: string) =>
    ({ awsRequestId, functionName: "graphql", getRemainingTimeInMillis: () => 29_000 }) as Context;

  const first = context(randomUUID());
  const second = context(randomUUID());
  const answers = await Promise.all([
    handler(event("offlineContext_resourceId"), first),
    handler(event("offlineContext_resourceId"), second),
  ]);
  expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
  expect(answers.map((answer) => answer.headers?.["x-request-id"])).toEqual([first.awsRequestId, second.awsRequestId]);
});
