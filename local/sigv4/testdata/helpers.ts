/**
 * Test helpers: turn signed requests from various signers into what the server sees, and read the
 * verifier's refusals.
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { buildQueryString } from "@smithy/core/protocols";
import type { HttpRequest } from "@smithy/types";
import { SigV4Error, type IncomingSignedRequest } from "../verify";

/** Node-style `req.headers` from `req.rawHeaders`: lower-case names, repeats joined with ", ". */
export function nodeHeaders(rawHeaders: readonly string[]): IncomingHttpHeaders {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return headers;
}

/** What the server sees for `req.url` = target. */
export function incoming(
  method: string,
  target: string,
  rawHeaders: readonly string[],
  body = "",
): IncomingSignedRequest {
  const question = target.indexOf("?");
  return {
    method,
    rawPath: question < 0 ? target : target.slice(0, question),
    rawQuery: question < 0 ? "" : target.slice(question + 1),
    headers: nodeHeaders(rawHeaders),
    rawHeaders: [...rawHeaders],
    body: Buffer.from(body, "utf8"),
  };
}

/**
 * Parses the raw HTTP/1.1 text of the AWS test suite: request line (the target may contain spaces),
 * `Name:value` headers with obsolete line folding, a blank line, the body.
 */
export function parseHttpText(text: string): IncomingSignedRequest {
  const blank = text.indexOf("\n\n");
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? "" : text.slice(blank + 2);
  const [requestLine, ...headerLines] = head.split("\n");
  const method = requestLine.slice(0, requestLine.indexOf(" "));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(" "));
  const rawHeaders: string[] = [];
  for (const line of headerLines) {
    if (/^[ \t]/.test(line)) {
      rawHeaders[rawHeaders.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return incoming(method, target, rawHeaders, body);
}

/** A request signed or presigned by @smithy/signature-v4, as it goes over the wire. */
export function fromSmithy(request: HttpRequest): IncomingSignedRequest {
  const rawHeaders = Object.entries(request.headers).flat();
  const query = buildQueryString(request.query ?? {});
  const body: unknown = request.body;
  return {
    ...incoming(request.method, query ? `${request.path}?${query}` : request.path, rawHeaders),
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(body as string | Uint8Array),
  };
}

export interface ChimeSdkJsUrlInput {
  host: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  date: Date;
  /** Extra query parameters (sessionId, userArn, ...), unencoded. */
  params: Record<string, string>;
  /** X-Amzn-Version / X-Amzn-User-Agent, unencoded. */
  sdkVersion?: string;
  userAgent?: string;
}

/**
 * The `wss://…/connect` URL as amazon-chime-sdk-js `DefaultSigV4.signURL` builds it (docs/aws-behaviour.md §5):
 * signs only `host`, service `chime`, `X-Amz-Expires=10`, payload sha256(""), and builds the canonical
 * query from `encodeURIComponent`-encoded names and values, sorted as JS sorts `[key, values]` entries.
 */
export function chimeSdkJsConnectUrl(input: ChimeSdkJsUrlInput): string {
  const now = input.date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  const today = now.slice(0, 8);
  const scope = `${today}/${input.region}/chime/aws4_request`;
  let params = new Map<string, string[]>();
  params.set("X-Amz-Algorithm", ["AWS4-HMAC-SHA256"]);
  params.set("X-Amz-Credential", [encodeURIComponent(`${input.credentials.accessKeyId}/${scope}`)]);
  params.set("X-Amz-Date", [now]);
  params.set("X-Amz-Expires", ["10"]);
  params.set("X-Amz-SignedHeaders", ["host"]);
  if (input.credentials.sessionToken) {
    params.set("X-Amz-Security-Token", [encodeURIComponent(input.credentials.sessionToken)]);
  }
  params.set("X-Amzn-Version", [encodeURIComponent(input.sdkVersion ?? "3.29.0")]);
  params.set("X-Amzn-User-Agent", [encodeURIComponent(input.userAgent ?? "Chrome 131")]);
  for (const [key, value] of Object.entries(input.params))
    params.set(encodeURIComponent(key), [encodeURIComponent(value)]);
  // The SDK sorts the entries with the default comparator (on their string form), like this:
  params = new Map([...params.entries()].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)));
  const canonicalQuery = [...params.entries()].flatMap(([key, values]) => values.map((v) => `${key}=${v}`)).join("&");
  const canonical = [
    "GET",
    "/connect",
    canonicalQuery,
    `host:${input.host.toLowerCase()}\n`,
    "host",
    createHash("sha256").update("").digest("hex"),
  ].join("\n");
  const toSign = `AWS4-HMAC-SHA256\n${now}\n${scope}\n${createHash("sha256").update(canonical).digest("hex")}`;
  let key: Buffer = Buffer.from(`AWS4${input.credentials.secretAccessKey}`, "utf8");
  for (const part of [today, input.region, "chime", "aws4_request"])
    key = createHmac("sha256", key).update(part).digest();
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return `wss://${input.host}/connect?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/** The server's view of a `wss://` URL opened by a browser. */
export function fromUrl(url: string): IncomingSignedRequest {
  const parsed = /^[a-z]+:\/\/([^/]+)(\/[^?]*)(?:\?(.*))?$/.exec(url);
  if (!parsed) throw new Error(`not a URL: ${url}`);
  const [, host, path, query] = parsed;
  return incoming("GET", query === undefined ? path : `${path}?${query}`, ["Host", host]);
}

/** The SigV4Error that `run` throws; anything else it throws, or nothing, fails the test. */
export function sigV4ErrorOf(run: () => unknown): SigV4Error {
  try {
    run();
  } catch (error) {
    if (error instanceof SigV4Error) return error;
    throw error;
  }
  throw new Error("expected a SigV4Error");
}
