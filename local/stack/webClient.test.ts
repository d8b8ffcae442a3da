/** The web client's server under npm start (over real HTTP), and when web/dist needs a new build. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports";
import { serveWebClient, webBuildNeeded, type WebClientConfig, type WebClientServer } from "./webClient";

const config: WebClientConfig = {
  region: "us-east-1",
  graphqlUrl: "http://127.0.0.1:3000/graphql",
  cognito: { userPoolClientId: "client", authFlow: "USER_PASSWORD_AUTH", endpoint: "http://127.0.0.1:9229" },
  chime: { endpoint: "http://127.0.0.1:4566", plainWebSocketHost: "127.0.0.1:4566" },
  signInHint: "demo users in the banner",
};

let dir: string;
let server: WebClientServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "web-client-"));
  mkdirSync(join(dir, "dist", "assets"), { recursive: true });
  mkdirSync(join(dir, "dist", ".vite"));
  writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>chat</title>");
  writeFileSync(join(dir, "dist", "assets", "index-abc.js"), "console.log(1)");
  writeFileSync(join(dir, "dist", ".vite", "manifest.json"), "{}");
  writeFileSync(join(dir, "secret.txt"), "outside dist");
  port = await freePort();
  server = await serveWebClient({ host: "127.0.0.1", port, distDir: join(dir, "dist"), config });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request (fetch would not let the test choose Host, or send `..` unnormalised). */
function get(path: string, options: { host?: string; method?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: options.method ?? "GET",
          headers: { host: options.host ?? `127.0.0.1:${port}` },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

test("serves index.html, hashed assets (cached for good) and the stack's config.json (never cached)", async () => {
  const page = await get("/");
  expect(page).toMatchObject({ status: 200, body: "<!doctype html><title>chat</title>" });
  expect(page.headers).toMatchObject({ "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
  const asset = await get("/assets/index-abc.js");
  expect(asset.headers).toMatchObject({
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
  });
  const served = await get("/config.json");
  expect(served.headers["cache-control"]).toBe("no-store");
  expect(JSON.parse(served.body)).toEqual(config);
});

test("the page may connect to the API, cognito-local and the endpoint (ws:// included), nothing else", async () => {
  const csp = (await get("/")).headers["content-security-policy"] as string;
  expect(csp.split("; ")).toEqual([
    "default-src 'self'",
    "connect-src 'self' http://127.0.0.1:3000 http://127.0.0.1:9229 http://127.0.0.1:4566 ws://127.0.0.1:4566",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]);
});

test("only loopback names with its own port are answered (a rebound DNS name gets 421)", async () => {
  for (const host of [`localhost:${port}`, `LOCALHOST:${port}`]) {
    expect((await get("/", { host })).status).toBe(200);
  }
  // [::1] too: this server listens on 127.0.0.1 only, so that name cannot have reached it.
  for (const host of [
    `evil.example:${port}`,
    "127.0.0.1",
    `127.0.0.1:${port + 1}`,
    `127.0.0.1.nip.io:${port}`,
    `[::1]:${port}`,
  ]) {
    const answer = await get("/config.json", { host });
    expect(answer.status).toBe(421);
    expect(answer.body).not.toContain("client");
  }
});

test("nothing outside web/dist, no dot-folders, GET and HEAD only", async () => {
  expect((await get("/../secret.txt")).status).toBe(404);
  expect((await get("/%2e%2e/secret.txt")).status).toBe(404);
  expect((await get("/.vite/manifest.json")).status).toBe(404);
  expect((await get("/missing.js")).status).toBe(404);
  // A malformed escape is a bad request, not a crash of npm start.
  expect((await get("/%E0%A4%A.js")).status).toBe(400);
  expect((await get("/")).status).toBe(200);
  expect((await get("/", { method: "POST" })).status).toBe(405);
  const head = await get("/", { method: "HEAD" });
  expect(head).toMatchObject({ status: 200, body: "" });
});

test("web/dist is built again when missing or older than a source, the page or the lock file", () => {
  const root = mkdtempSync(join(tmpdir(), "web-build-"));
  try {
    const paths = { webDir: join(root, "web"), distDir: join(root, "web", "dist"), lockFile: join(root, "lock.json") };
    mkdirSync(join(paths.webDir, "src", "chat"), { recursive: true });
    mkdirSync(join(paths.webDir, "public"));
    for (const file of ["index.html", "vite.config.mts", "src/chat/Chat.tsx"])
      writeFileSync(join(paths.webDir, file), "");
    writeFileSync(paths.lockFile, "{}");
    expect(webBuildNeeded(paths)).toBe("no build yet");

    const past = new Date(Date.now() - 60_000);
    const touchAll = (at: Date) => {
      for (const path of [
        paths.webDir,
        join(paths.webDir, "src"),
        join(paths.webDir, "src", "chat"),
        join(paths.webDir, "public"),
        join(paths.webDir, "index.html"),
        join(paths.webDir, "vite.config.mts"),
        join(paths.webDir, "src", "chat", "Chat.tsx"),
        paths.lockFile,
      ])
        utimesSync(path, at, at);
    };
    touchAll(past);
    mkdirSync(join(paths.distDir, ".vite"), { recursive: true });
    writeFileSync(join(paths.distDir, ".vite", "manifest.json"), "{}");
    expect(webBuildNeeded(paths)).toBeUndefined();

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(paths.webDir, "src", "chat", "Chat.tsx"), later, later);
    expect(webBuildNeeded(paths)).toBe("its sources changed");
    touchAll(past);
    utimesSync(paths.lockFile, later, later);
    expect(webBuildNeeded(paths)).toBe("its sources changed");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
