/**
 * A function failing under sls offline reaches the client in the API's error shape, through the API's
 * guard (local/stack/apiGuard.ts): the real osls offline (serverless-offline) runs a service of this
 * test's own, whose functions fail each way a function can (an exception, a timeout, a crashed worker,
 * a handler that is not exported), behind the real guard. No stack trace, path or message of sls
 * offline reaches the client; the operator's log pairs the request id the client got with what failed.
 * An answer of the function itself, errors included, passes unchanged. test/integration/besideNpmStart
 * does the same with the API's own bundle gone from under a running `npm start`.
 */
import { join } from "node:path";
import { reachableHostNames } from "../../local/http/trust";
import { startApiGuard, type ApiGuard } from "../../local/stack/apiGuard";
import { projectRoot } from "../../local/stack/settings";
import { startOfflineService, type OfflineService } from "../support/offlineService";
import { rawRequest, type RawAnswer } from "../support/rawHttp";

const DEV_ORIGIN = "http://127.0.0.1:5173";

// The function that never answers times out quickly.
const TIMEOUT_S = 2;

const FUNCTIONS = ["answers", "refuses", "throws", "hangs", "exits", "missing"]
  .map(
    (name) => `  ${name}:\n    handler: handlers.${name}\n    events: [{ httpApi: { method: POST, path: /${name} } }]`,
  )
  .join("\n");

// The API's handler puts its request id on every answer, its own errors included (src/graphql/lambda.ts).
const HANDLERS = `
const answer = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json", "x-request-id": "id-of-the-handler" },
  body: JSON.stringify(body),
});
exports.answers = async () => answer(200, { data: { ok: true } });
exports.refuses = async () => answer(401, { errors: [{ message: "no token", extensions: { code: "UNAUTHENTICATED" } }] });
exports.throws = async () => { throw new Error("the function's own secret detail"); };
exports.hangs = () => new Promise(() => {});
exports.exits = async () => process.exit(3);
`;

let dir: string;
let offline: OfflineService;
let guard: ApiGuard;
const failures: { requestId: string; detail: string }[] = [];

beforeAll(async () => {
  offline = await startOfflineService({
    service: "failing-functions",
    timeoutS: TIMEOUT_S,
    functions: FUNCTIONS,
    files: { "handlers.js": HANDLERS },
  });
  dir = offline.dir;
  guard = await startApiGuard({
    host: "127.0.0.1",
    port: 0,
    upstreamSocket: offline.httpSocket,
    trust: { hostNames: reachableHostNames("127.0.0.1"), origins: new Set([DEV_ORIGIN]) },
    maxConcurrency: 8,
    onFailure: (requestId, detail) => failures.push({ requestId, detail }),
  });
}, 120_000);

afterAll(async () => {
  await guard?.close();
  await offline?.stop();
});

function post(path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawRequest(
    { port: guard.port },
    {
      method: "POST",
      path,
      headers: { host: `127.0.0.1:${guard.port}`, "content-type": "application/json", ...headers },
      body: '{"query":"{ me { arn } }"}',
    },
  );
}

/** The client's answer says nothing of what failed, nor where: the API's shape, the guard's request id. */
function expectApiError(answer: RawAnswer, status: number, code: string, message: string): string {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
  const requestId = answer.headers["x-request-id"] as string;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(answer.body)).toEqual({ errors: [{ message, extensions: { code, requestId } }] });
  for (const leak of ["stackTrace", "errorMessage", "Runtime.", "secret", "node_modules", dir, projectRoot]) {
    expect(answer.body).not.toContain(leak);
  }
  return requestId;
}

test.each([
  ["throws", "an exception in the handler", () => "the function's own secret detail"],
  ["hangs", "a timeout", () => "[504] - Lambda timeout."],
  ["exits", "a worker that died (sls offline waits out the timeout)", () => "[504] - Lambda timeout."],
  ["missing", "a handler that is not exported", () => `${join(dir, "handlers.missing")} is undefined or not exported`],
])("/%s, %s: 500 INTERNAL_SERVER_ERROR, and the operator learns what failed", async (path, _case, detail) => {
  const answer = await post(`/${path}`, { origin: DEV_ORIGIN });
  const requestId = expectApiError(answer, 500, "INTERNAL_SERVER_ERROR", "Internal server error.");
  // A page of a development origin can read it, as it reads the API's own errors.
  expect(answer.headers["access-control-allow-origin"]).toBe(DEV_ORIGIN);
  expect(answer.headers["access-control-expose-headers"]).toBe("x-request-id");
  // serverless-offline answers HTTP 200 when the function of an HTTP API route fails.
  expect(failures.find((failure) => failure.requestId === requestId)?.detail).toBe(
    `sls offline answered HTTP 200 itself, not the API: ${detail()}`,
  );
});

test("a route sls offline does not have: 404 NOT_FOUND, without its list of routes", async () => {
  const before = failures.length;
  expectApiError(await post("/elsewhere"), 404, "NOT_FOUND", "Not found: the API answers at /graphql.");
  expect(failures.length).toBe(before);
});

test("the function's own answers pass unchanged, its errors too", async () => {
  const ok = await post("/answers");
  expect(ok.status).toBe(200);
  expect(ok.headers["x-request-id"]).toBe("id-of-the-handler");
  expect(JSON.parse(ok.body)).toEqual({ data: { ok: true } });
  const refused = await post("/refuses");
  expect(refused.status).toBe(401);
  expect(refused.headers["x-request-id"]).toBe("id-of-the-handler");
  expect(JSON.parse(refused.body)).toEqual({
    errors: [{ message: "no token", extensions: { code: "UNAUTHENTICATED" } }],
  });
});
