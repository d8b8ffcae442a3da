/**
 * Which requests a local listener answers, decided from two headers, the same way on every listener
 * of the local stack (the AWS endpoint, cognito-local's guard, the API's guard):
 *
 * - `Host` defeats DNS rebinding: a page of attacker.example whose name is made to resolve to
 *   127.0.0.1 reaches a loopback port, but its requests still say `Host: attacker.example:<port>`.
 *   Only the names this machine is reached by are answered (127.0.0.1, localhost, [::1] when
 *   listened on, and names the developer configured), with the port the request arrived on (AWS
 *   SDKs and browsers always send it). Anything else gets 421 Misdirected Request.
 * - `Origin` keeps other web pages out: a browser sends it on cross-site requests (and same-origin
 *   POSTs); only the listener's own origin and the configured development origins are answered,
 *   else 403. Requests without an Origin (SDKs, CLIs, curl) are not browsers and pass. The AWS
 *   endpoint allows any origin, as AWS does: every request there must carry a SigV4 signature.
 *
 * A refusal is a short plain-text answer; the request is never passed on.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export interface ListenerTrust {
  /** Host names (lower case, IPv6 in brackets) this listener is reached by. */
  hostNames: ReadonlySet<string>;
  /**
   * "arrival" (the default): the Host's port must be the one the request arrived on. "any": any
   * port or none, for a listener that sits behind a port-forwarding proxy (tests' recording proxy).
   */
  hostPorts?: "arrival" | "any";
  /** Origins allowed besides the listener's own, or "any" (every request is signed: the AWS endpoint). */
  origins: ReadonlySet<string> | "any";
}

export interface Refusal {
  status: 403 | 421;
  message: string;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost"];
const WILDCARD_IPV4 = "0.0.0.0";

/** `[::1]`-style brackets for IPv6 literals, lower case for the rest. */
function hostName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}

/**
 * The names a listener on `listenHost` is reached by: the loopback names (`[::1]` only when it listens
 * on IPv6), the address it listens on when that is a specific one, and `extraNames` (a LAN address,
 * 10.0.2.2 for the Android emulator: LOCAL_AWS_TLS_HOSTS).
 */
export function reachableHostNames(listenHost: string, extraNames: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const listen = hostName(listenHost);
  if (listen === "[::]" || listen === "[::1]") names.add("[::1]");
  if (listen !== WILDCARD_IPV4 && listen !== "[::]") names.add(listen);
  for (const name of extraNames) if (name.trim() !== "") names.add(hostName(name));
  return names;
}

/** A browser origin as it sends it: scheme://host[:port], lower case, default ports left out. */
export function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${text}" is not an origin such as http://localhost:5173.`);
  }
  const onlyOrigin = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !onlyOrigin) {
    throw new Error(`"${text}" is not an origin such as http://localhost:5173 (scheme, host and port only).`);
  }
  return url.origin;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** The refusal for a request with these headers that arrived on `arrivalPort`, or undefined to answer it. */
export function judgeRequest(
  trust: ListenerTrust,
  headers: IncomingHttpHeaders,
  arrivalPort: number | undefined,
): Refusal | undefined {
  const host = single(headers.host)?.toLowerCase();
  const match = host === undefined ? null : /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host);
  // Without a port the Host means the scheme's default one: only through a forwarding proxy ("any").
  const portAllowed =
    match !== null &&
    (trust.hostPorts === "any" ||
      (arrivalPort !== undefined && match[2] !== undefined && Number(match[2]) === arrivalPort));
  if (!match || !trust.hostNames.has(match[1]) || !portAllowed) {
    return { status: 421, message: "This local server only answers requests addressed to it (Host)." };
  }
  const origin = headers.origin;
  if (origin === undefined || trust.origins === "any") return undefined;
  // The listener's own origin (a page it served itself) is the Host, already checked, with its scheme.
  const sent = typeof origin === "string" ? origin.toLowerCase() : "";
  const allowed = trust.origins.has(sent) || sent === `http://${host}` || sent === `https://${host}`;
  return allowed ? undefined : { status: 403, message: "This local server does not answer this web origin." };
}

/** Refuses the request (and returns true) if its Host or Origin is not trusted; false to go on. */
export function refuseUntrusted(trust: ListenerTrust, req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = judgeRequest(trust, req.headers, req.socket.localPort);
  if (!refusal) return false;
  res.writeHead(refusal.status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(refusal.message),
    connection: "close",
  });
  res.end(refusal.message);
  return true;
}

/** The same for a WebSocket upgrade: the refusal is written on the raw socket, which is then closed. */
export function refuseUntrustedUpgrade(trust: ListenerTrust, req: IncomingMessage, socket: Duplex): boolean {
  const refusal = judgeRequest(trust, req.headers, req.socket.localPort);
  if (!refusal) return false;
  const reason = refusal.status === 421 ? "Misdirected Request" : "Forbidden";
  socket.end(
    `HTTP/1.1 ${refusal.status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(refusal.message)}\r\nConnection: close\r\n\r\n${refusal.message}`,
  );
  return true;
}
