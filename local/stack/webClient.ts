/**
 * The web client under `npm start`: web/dist, built with Vite when it is missing or older than its
 * sources, served on WEB_PORT with a config.json made from the stack. The page then talks to the stack
 * as any client does: GraphQL, cognito-local, the local AWS endpoint, and the messaging socket over
 * plain ws:// to the endpoint's HTTP port (loopback only), so a browser needs no certificate to trust.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { reachableHostNames, refuseUntrusted, type ListenerTrust } from "../http/trust";
import { startChild, type Child } from "./children";

/** What the page reads from ./config.json (web/src/config.ts). */
export interface WebClientConfig {
  region: string;
  graphqlUrl: string;
  /** cognito-local has no SRP: the page signs in with the password flow its app client allows. */
  cognito: { userPoolClientId: string; authFlow: "USER_PASSWORD_AUTH"; endpoint: string };
  chime: { endpoint: string; plainWebSocketHost: string };
  signInHint: string;
}

export interface WebClientPaths {
  /** web/: sources, index.html, vite.config.mts. */
  webDir: string;
  /** web/dist/: the build served. */
  distDir: string;
  /** The lock file: a dependency change needs a new build too. */
  lockFile: string;
}

export function webClientPaths(projectRoot: string): WebClientPaths {
  return {
    webDir: join(projectRoot, "web"),
    distDir: join(projectRoot, "web", "dist"),
    lockFile: join(projectRoot, "package-lock.json"),
  };
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Why web/dist must be built again, or undefined when it is newer than everything it is built from. */
export function webBuildNeeded({ webDir, distDir, lockFile }: WebClientPaths): string | undefined {
  let builtAt: number;
  try {
    // Vite writes the manifest last, on every build.
    builtAt = statSync(join(distDir, ".vite", "manifest.json")).mtimeMs;
  } catch {
    return "no build yet";
  }
  const inputs = [
    join(webDir, "index.html"),
    join(webDir, "vite.config.mts"),
    join(webDir, "public"),
    join(webDir, "src"),
    lockFile,
  ];
  return inputs.some((input) => newestChange(input) > builtAt) ? "its sources changed" : undefined;
}

/** `vite build` of the web client, as `npm run build:web` does (a child that stops with the launcher). */
export function startWebBuild(projectRoot: string): Child {
  return startChild({
    name: "web-build",
    script: join(projectRoot, "node_modules", "vite", "bin", "vite.js"),
    args: ["build", "--config", join("web", "vite.config.mts"), "--logLevel", "warn"],
    cwd: projectRoot,
    env: process.env,
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** What the page may load and call: itself, the API, cognito-local and the endpoint (HTTP and ws://). */
function contentSecurityPolicy(config: WebClientConfig, extraConnect: string[]): string {
  const origin = (url: string) => new URL(url).origin;
  const connect = [
    "'self'",
    origin(config.graphqlUrl),
    origin(config.cognito.endpoint),
    origin(config.chime.endpoint),
    `ws://${config.chime.plainWebSocketHost}`,
    ...extraConnect,
  ];
  return [
    "default-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export interface WebClientServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  host: string;
  port: number;
  distDir: string;
  config: WebClientConfig;
  /** More origins the page may connect to (the endpoint's https:// and wss://, for a page set to use them). */
  extraConnect?: string[];
}

export async function serveWebClient(options: ServeOptions): Promise<WebClientServer> {
  const { host, port, distDir, config } = options;
  const configJson = `${JSON.stringify(config, null, 2)}\n`;
  const csp = contentSecurityPolicy(config, options.extraConnect ?? []);
  const root = normalize(distDir) + sep;
  const trust: ListenerTrust = { hostNames: reachableHostNames(host), origins: new Set() };

  const reply = (res: ServerResponse, status: number, type: string, body: string | Buffer, cache: string) => {
    res.writeHead(status, {
      "content-type": type,
      "content-length": Buffer.byteLength(body),
      "cache-control": cache,
      "content-security-policy": csp,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    res.end(res.req.method === "HEAD" ? undefined : body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // The page's own Host (DNS rebinding) and no other site's page (local/http/trust.ts).
    if (refuseUntrusted(trust, req, res)) return;
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "text/plain", "GET only.\n", "no-store");
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return reply(res, 400, "text/plain", "Bad path.\n", "no-store");
    }
    if (path === "/config.json") return reply(res, 200, CONTENT_TYPES[".json"], configJson, "no-store");
    const file = normalize(join(distDir, path === "/" ? "index.html" : path));
    // Inside web/dist, no dot-files (.vite/), only the types listed.
    if (
      !file.startsWith(root) ||
      file
        .slice(root.length)
        .split(sep)
        .some((part) => part.startsWith("."))
    ) {
      return reply(res, 404, "text/plain", "Not found.\n", "no-store");
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return reply(res, 404, "text/plain", "Not found.\n", "no-store");
    }
    const type = CONTENT_TYPES[extname(file)];
    if (!type) return reply(res, 404, "text/plain", "Not found.\n", "no-store");
    // Hashed assets never change; index.html must always be asked again (it names the current ones).
    const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    reply(res, 200, type, body, cache);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
