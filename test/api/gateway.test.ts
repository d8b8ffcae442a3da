/**
 * Most API tests serve the handler with test/support/lambdaHttp.ts (in-process, fast), a mapping of
 * our own; the tests whose subject is the mapping go through the real sls offline
 * (test/support/offlineGateway.ts). This holds the two together: the same requests reach a recording
 * handler through both, and the handler sees the same event, and the client the same answer, but for
 * what differs per invocation or per server (ids, times, the address) and what serverless-offline
 * adds of its own, named below.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { serveLambda, type LambdaHttpServer } from "../support/lambdaHttp";
import { serveThroughOffline } from "../support/offlineGateway";

const seen: { via: string; event: APIGatewayProxyEventV2 }[] = [];
let via = "";

function recordingHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  seen.push({ via, event });
  return Promise.resolve({
    statusCode: 201,
    headers: { "content-type": "application/json", "x-answer": "yes" },
    body: JSON.stringify({ ok: true }),
  });
}

let ours: LambdaHttpServer;
let offline: LambdaHttpServer;

beforeAll(async () => {
  [ours, offline] = await Promise.all([serveLambda(recordingHandler), serveThroughOffline(recordingHandler)]);
}, 120_000);

afterAll(async () => {
  await ours?.close();
  await offline?.close();
});

/**
 * What an event says of the request, without what differs per invocation, server or address. Two
 * things serverless-offline does its own way are read as equal: a field with nothing in it is null
 * or [] there where API Gateway leaves it out (as lambdaHttp does), and rawQueryString is re-encoded
 * there (a space as +) where API Gateway passes it as sent (as lambdaHttp does): compared decoded.
 */
function comparable(event: APIGatewayProxyEventV2) {
  const { requestContext, headers, rawQueryString, ...rest } = event;
  // The Host names each server's own port.
  const sameHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "host"));
  const present = Object.entries(rest).filter(
    ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
  return {
    ...Object.fromEntries(present),
    headers: sameHeaders,
    query: [...new URLSearchParams(rawQueryString)],
    requestContext: {
      http: { method: requestContext.http.method, path: requestContext.http.path },
      routeKey: requestContext.routeKey,
    },
  };
}

async function both(path: string, init: RequestInit) {
  const events: Record<string, APIGatewayProxyEventV2> = {};
  const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
  for (const [name, server] of [
    ["ours", ours],
    ["offline", offline],
  ] as const) {
    via = name;
    const response = await fetch(`${server.url}${path}`, init);
    answers[name] = {
      status: response.status,
      headers: {
        // hapi, under serverless-offline, adds "; charset=utf-8" to what the function set; API Gateway
        // (and lambdaHttp) pass it as set: the media type is compared.
        "content-type": (response.headers.get("content-type") ?? "").split(";")[0],
        "x-answer": response.headers.get("x-answer") ?? "",
      },
      body: await response.text(),
    };
    events[name] = seen.filter((entry) => entry.via === name).at(-1)?.event as APIGatewayProxyEventV2;
  }
  return { events, answers };
}

test.each<[string, string, RequestInit]>([
  [
    "a JSON POST with a bearer token",
    "/graphql",
    {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer abc.def.ghi", "x-custom": "1" },
      body: JSON.stringify({ query: "{ me { userId } }" }),
    },
  ],
  ["a GET with a query string", "/graphql?query=%7B%20me%20%7D&extensions=%7B%7D", { method: "GET" }],
  [
    "a text/plain POST (what CSRF prevention refuses)",
    "/graphql",
    { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" },
  ],
  [
    "a binary body",
    "/graphql",
    { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.from([0, 255, 1, 254]) },
  ],
])("%s: the same event and the same answer", async (_case, path, init) => {
  const { events, answers } = await both(path, init);
  expect(comparable(events.ours)).toEqual(comparable(events.offline));
  expect(answers.ours).toEqual(answers.offline);
});
