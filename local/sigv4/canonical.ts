/**
 * The pieces of an AWS Signature Version 4 signature, as a server rebuilds them from a request as it
 * arrived on the wire: canonical URI, query and headers, the canonical request, the string to sign and
 * the signing key. Everything here is pure; `verify.ts` decides what to check and in which order.
 *
 * Spec: AWS "Create a signed AWS API request" (create-signed-request.md) and the reference in
 * docs/aws-behaviour.md §5. Checked against AWS's published test suite and against the
 * signers of @smithy/signature-v4 (SDK v3), botocore (AWS CLI) and amazon-chime-sdk-js (tests).
 */
import { createHash, createHmac } from "node:crypto";

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const SCOPE_TERMINATOR = "aws4_request";
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Uint8Array, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/**
 * Derived keys by secret and scope. A key is a pure function of them and stays the same all day, so
 * every request of a client but its first of the day skips four HMACs (the SDKs keep such a cache
 * too). Bounded: emptied when full, as the keys of a new day replace the old ones.
 */
const signingKeys = new Map<string, Buffer>();
const MAX_CACHED_SIGNING_KEYS = 256;

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const cacheKey = `${shortDate}/${region}/${service}/${secretAccessKey}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    const kDate = hmac(`AWS4${secretAccessKey}`, shortDate);
    const kRegion = hmac(kDate, region);
    const kService = hmac(kRegion, service);
    key = hmac(kService, SCOPE_TERMINATOR);
    if (signingKeys.size >= MAX_CACHED_SIGNING_KEYS) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

export function credentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/${SCOPE_TERMINATOR}`;
}

export function stringToSign(longDate: string, scope: string, canonicalRequest: string): string {
  return `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

/** The raw 32-byte signature (the wire carries it as lower-case hex). */
export function signature(key: Uint8Array, toSign: string): Buffer {
  return hmac(key, toSign);
}

// ---------------------------------------------------------------------------------------------------
// Percent-encoding. Work on bytes so that any byte sequence survives decode -> encode unchanged, the
// way byte-oriented signers (botocore's quote) see it.

const UNRESERVED = /[A-Za-z0-9\-._~]/;
/** What `encodeURIComponent` leaves alone on top of RFC 3986's unreserved set. */
const SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/;

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes of `value` (A-Z a-z 0-9 - . _ ~ kept, upper-case hex),
 * what SigV4 calls UriEncode. `style: "encodeURIComponent"` also keeps `!'()*`, as amazon-chime-sdk-js
 * does when it builds its canonical query.
 */
export function uriEncode(value: string | Uint8Array, style: "rfc3986" | "encodeURIComponent" = "rfc3986"): string {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (
      byte < 0x80 &&
      (UNRESERVED.test(char) || (style === "encodeURIComponent" && SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT.test(char)))
    ) {
      out += char;
    } else {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/**
 * Percent-decodes to bytes. `+` stays `+` (SigV4 is not form decoding). A `%` that does not start a
 * valid escape is kept literally, so it re-encodes as `%25`.
 */
export function percentDecode(raw: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === "%" && HEX_PAIR.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = raw.codePointAt(i) ?? 0;
      if (code > 0xffff) i++; // the low surrogate belongs to this character
      bytes.push(...Buffer.from(String.fromCodePoint(code), "utf8"));
    }
  }
  return Buffer.from(bytes);
}

// ---------------------------------------------------------------------------------------------------
// Canonical URI

/**
 * CanonicalURI for every service except S3: drop empty and `.` segments, resolve `..`, then URI-encode
 * the path *as it was on the wire* once more (so `%3A` becomes `%253A`), keeping `/`. This is what
 * @smithy/signature-v4 (`uriEscapePath: true`) and botocore do; the SDK's path is already encoded, so
 * the canonical form is double-encoded. Feed it the raw request-target path, never a decoded one.
 */
/** Canonical URIs by raw path: pure, and a client calls the same paths again and again. Bounded. */
const canonicalUris = new Map<string, string>();
const MAX_CACHED_URIS = 1024;

export function canonicalUri(rawPath: string): string {
  let canonical = canonicalUris.get(rawPath);
  if (canonical === undefined) {
    canonical = computeCanonicalUri(rawPath);
    if (canonicalUris.size >= MAX_CACHED_URIS) canonicalUris.clear();
    canonicalUris.set(rawPath, canonical);
  }
  return canonical;
}

function computeCanonicalUri(rawPath: string): string {
  if (rawPath === "") return "/";
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  const encoded = `${leading}${segments.map((segment) => uriEncode(segment)).join("/")}${trailing}`;
  return encoded === "" ? "/" : encoded;
}

// ---------------------------------------------------------------------------------------------------
// Canonical query

export interface QueryParameter {
  /** The name as on the wire (still encoded). */
  rawName: string;
  /** Decoded name, as text (invalid UTF-8 shows as U+FFFD; use `nameBytes` for exact bytes). */
  name: string;
  value: string;
  nameBytes: Buffer;
  valueBytes: Buffer;
}

/** Splits a raw query string (no `?`) into decoded parameters, in wire order. `a` reads as `a=`. */
export function parseQuery(rawQuery: string): QueryParameter[] {
  const parameters: QueryParameter[] = [];
  if (rawQuery === "") return parameters;
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? "" : pair.slice(equals + 1);
    const nameBytes = percentDecode(rawName);
    const valueBytes = percentDecode(rawValue);
    parameters.push({
      rawName,
      name: nameBytes.toString("utf8"),
      value: valueBytes.toString("utf8"),
      nameBytes,
      valueBytes,
    });
  }
  return parameters;
}

/**
 * CanonicalQueryString: each name and value decoded then URI-encoded again, sorted by encoded name
 * and then by encoded value, `name=value` joined with `&` (an empty value gives `name=`).
 */
export function canonicalQuery(
  parameters: readonly QueryParameter[],
  style: "rfc3986" | "encodeURIComponent" = "rfc3986",
): string {
  const encoded = parameters.map((p) => [uriEncode(p.nameBytes, style), uriEncode(p.valueBytes, style)] as const);
  encoded.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB));
  return encoded.map(([name, value]) => `${name}=${value}`).join("&");
}

/** Code-unit order; the encoded strings are ASCII, so this is byte order as AWS sorts. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// Canonical headers

/** Trims and collapses runs of whitespace (incl. obsolete line folding) to one space. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/[ \t\r\n]+/g, " ").trim();
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  /** `[lower-case name, canonical value]` in SignedHeaders order. */
  headers: readonly (readonly [string, string])[];
  signedHeaders: string;
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  const headerLines = parts.headers.map(([name, value]) => `${name}:${value}\n`).join("");
  return [
    parts.method,
    parts.canonicalUri,
    parts.canonicalQuery,
    headerLines,
    parts.signedHeaders,
    parts.payloadHash,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Dates

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `YYYYMMDDTHHMMSSZ` -> Date, or undefined if malformed or not a real calendar time. */
export function parseAmzDate(value: string): Date | undefined {
  const match = AMZ_DATE.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return formatAmzDate(date) === value ? date : undefined;
}

/** Date -> `YYYYMMDDTHHMMSSZ`. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}
