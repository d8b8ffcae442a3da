/**
 * The guard in front of the offline API (local/stack/apiGuard.ts) over real HTTP, with a server on a
 * Unix socket behind it standing in for sls offline, whose answers the test holds back: the
 * concurrency bound, other web origins, rebinding names, a body over its buffer, and nothing behind
 * it. `npm run test:smoke` repeats the burst and the origins against the real sls offline;
 * slsOfflineFailures.test.ts has the real sls offline's failures.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reachableHostNames } from "../../local/http/trust";
import { startApiGuard, type ApiGuard } from "../../local/stack/apiGuard";
import { rawRequest, type RawAnswer } from "../support/rawHttp";

const DEV_ORIGIN = "http://127.0.0.1:5173";
const MAX = 3;
let dir: string;
let upstream: Server;
let guard: ApiGuard;
/** Requests the stand-in API received and has not answered yet. */
const held: { req: IncomingMessage; res: ServerResponse }[] = [];
let received = 0;

/** The API's handler puts its request id on every answer (an answer without one is sls offline's own). */
const handlerHeaders = () => ({ "content-type": "application/json", "x-request-id": randomUUID() });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "api-guard-"));
  const socket = join(dir, "api.sock");
  upstream = createServer((req, res) => {
    received++;
    req.resume();
    req.on("end", () => {
      if (req.headers["x-hold"] === "yes") held.push({ req, res });
      else res.writeHead(200, handlerHeaders()).end('{"data":{}}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(socket, resolve));
  guard = await startApiGuard({
    host: "127.0.0.1",
    port: 0,
    upstreamSocket: socket,
    trust: { hostNames: reachableHostNames("127.0.0.1"), origins: new Set([DEV_ORIGIN]) },
    maxConcurrency: MAX,
  });
});
afterAll(async () => {
  await guard.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const post = (headers: Record<string, string> = {}): Promise<RawAnswer> =>
  rawRequest(
    { port: guard.port },
    {
      method: "POST",
      path: "/graphql",
      headers: { host: `127.0.0.1:${guard.port}`, "content-type": "application/json", ...headers },
      body: '{"query":"{ me { arn } }"}',
    },
  );

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

test("a burst beyond the bound gets 503 with retry-after at once; the requests in flight finish and the API keeps answering", async () => {
  const before = received;
  const inFlight = Array.from({ length: MAX }, () => post({ "x-hold": "yes" }));
  await until(() => held.length === MAX);

  const burst = await Promise.all(Array.from({ length: 5 }, () => post({ origin: DEV_ORIGIN })));
  for (const answer of burst) {
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("1");
    expect(answer.headers["access-control-allow-origin"]).toBe(DEV_ORIGIN);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        {
          message: expect.stringContaining(`maximum of ${MAX} requests at once`) as string,
          extensions: { code: "UPSTREAM_UNAVAILABLE", requestId: answer.headers["x-request-id"] },
        },
      ],
    });
  }
  // None of the burst reached the API.
  expect(received - before).toBe(MAX);

  for (const { res } of held.splice(0)) res.writeHead(200, handlerHeaders()).end("{}");
  expect((await Promise.all(inFlight)).map((answer) => answer.status)).toEqual([200, 200, 200]);
  await until(() => guard.inFlight === 0);
  expect((await post()).status).toBe(200);
});

test("a client that gives up, waiting or halfway through its body, frees its place", async () => {
  const gaveUp = Array.from({ length: MAX }, () => {
    const controller = new AbortController();
    const answer = fetch(`http://127.0.0.1:${guard.port}/graphql`, {
      method: "POST",
      headers: { "x-hold": "yes" },
      signal: controller.signal,
    }).catch(() => undefined);
    return { controller, answer };
  });
  await until(() => held.length === MAX);
  for (const { controller } of gaveUp) controller.abort();
  await Promise.all(gaveUp.map(({ answer }) => answer));
  await until(() => guard.inFlight === 0);
  held.splice(0);

  // And one that goes away halfway through its body.
  const halfway = request({
    host: "127.0.0.1",
    port: guard.port,
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", "content-length": "100" },
  });
  halfway.on("error", () => undefined);
  halfway.write('{"query":');
  await until(() => guard.inFlight === 1);
  halfway.destroy();
  await until(() => guard.inFlight === 0);
  expect((await post()).status).toBe(200);
});

test("a cross-site page calling the API is refused with 403 and never reaches it; a development origin does", async () => {
  const before = received;
  const crossSite = await post({ origin: "https://attacker.example" });
  expect(crossSite.status).toBe(403);
  expect(crossSite.headers["access-control-allow-origin"]).toBeUndefined();
  const preflight = await rawRequest(
    { port: guard.port },
    {
      method: "OPTIONS",
      path: "/graphql",
      headers: {
        host: `127.0.0.1:${guard.port}`,
        origin: "https://attacker.example",
        "access-control-request-method": "POST",
      },
    },
  );
  expect(preflight.status).toBe(403);
  expect(received).toBe(before);
  expect((await post({ origin: DEV_ORIGIN })).status).toBe(200);
});

test("a rebinding Host gets 421 and never reaches the API", async () => {
  const before = received;
  expect((await post({ host: `attacker.example:${guard.port}` })).status).toBe(421);
  expect(received).toBe(before);
  expect((await post({ host: `localhost:${guard.port}` })).status).toBe(200);
});

test("a body over the guard's buffer gets 413 in the API's error shape and never reaches the API", async () => {
  const before = received;
  const answer = await rawRequest(
    { port: guard.port },
    {
      method: "POST",
      path: "/graphql",
      headers: { host: `127.0.0.1:${guard.port}`, "content-type": "application/json" },
      body: Buffer.alloc(1024 * 1024 + 1, " "),
    },
  );
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({
    errors: [
      {
        message: "The request body is larger than 1048576 bytes.",
        extensions: { code: "BAD_REQUEST", limit: 1048576, requestId: answer.headers["x-request-id"] },
      },
    ],
  });
  expect(received).toBe(before);
});

test("with nothing answering behind it, a client gets 502 UPSTREAM_UNAVAILABLE in the API's error shape", async () => {
  const failures: string[] = [];
  const orphan = await startApiGuard({
    host: "127.0.0.1",
    port: 0,
    upstreamSocket: join(dir, "nothing-listens-here.sock"),
    trust: { hostNames: reachableHostNames("127.0.0.1"), origins: new Set([DEV_ORIGIN]) },
    maxConcurrency: MAX,
    onFailure: (requestId, detail) => failures.push(`${requestId} ${detail}`),
  });
  try {
    const answer = await rawRequest(
      { port: orphan.port },
      { method: "POST", path: "/graphql", headers: { host: `127.0.0.1:${orphan.port}` }, body: "{}" },
    );
    expect(answer.status).toBe(502);
    const requestId = answer.headers["x-request-id"] as string;
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        {
          message: "The local API (sls offline) is not answering; retry shortly.",
          extensions: { code: "UPSTREAM_UNAVAILABLE", requestId },
        },
      ],
    });
    expect(failures).toEqual([`${requestId} sls offline is not answering`]);
  } finally {
    await orphan.close();
  }
});
