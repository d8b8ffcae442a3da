/**
 * Server-side verification of AWS Signature Version 4, in both forms:
 * - header form: `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`
 *   (SDK v3, AWS CLI / botocore);
 * - presigned query form: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
 *   `X-Amz-SignedHeaders`, [`X-Amz-Security-Token`], `X-Amz-Signature` (amazon-chime-sdk-js WebSocket
 *   `connect` URLs, botocore `generate_presigned_url`, smithy `presign()`).
 *
 * Only the non-S3 canonicalization is implemented (normalized, double-encoded path; payload hashed).
 * Order of checks (docs/aws-behaviour.md §5): parse -> access key -> token -> expiry of the session ->
 * scope -> time -> payload hash -> signature. IAM comes after, in the caller.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  ALGORITHM,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  formatAmzDate,
  parseAmzDate,
  parseQuery,
  SCOPE_TERMINATOR,
  sha256Hex,
  signature,
  signingKey,
  stringToSign,
  type QueryParameter,
} from "./canonical";

export interface IncomingSignedRequest {
  method: string;
  /** Exactly as on the wire, still percent-encoded (e.g. /channels/arn%3Aaws%3A...). */
  rawPath: string;
  /** The raw query string without '?', '' if none. */
  rawQuery: string;
  /** As Node gives them (lower-case names). */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /**
   * Optional: Node's `req.rawHeaders`. When given, signed header values are read from it, so that a
   * header sent several times is joined with `,` as SigV4 wants (Node's `req.headers` joins with `, `
   * or drops duplicates). SDKs never repeat a header, so `headers` alone is enough for them.
   */
  rawHeaders?: readonly string[];
}

export interface StoredCredential {
  secretAccessKey: string;
  /** Present for temporary (ASIA) keys: the request must carry the same token. */
  sessionToken?: string;
  /** Temporary keys expire. */
  expiresAt?: Date;
}

export interface VerifyOptions {
  lookup: (accessKeyId: string) => StoredCredential | undefined;
  now: Date;
  /** Accepted signing names, e.g. ["chime", "sts"]. */
  services: string[];
  /** Default 5 min. Header form: |now - X-Amz-Date|. Query form: slack on both ends of the window. */
  maxSkewMs?: number;
  /** Optional: accepted scope regions. Any region is accepted when absent. */
  regions?: string[];
}

export interface VerifiedRequest {
  accessKeyId: string;
  region: string;
  service: string;
  form: "header" | "query";
}

export type SigV4FailureKind =
  | "MissingAuthentication" // no Authorization header and no X-Amz-Signature query
  | "IncompleteSignature" // malformed Authorization / missing parts / bad X-Amz-Date / bad scope terminator
  | "UnknownAccessKey"
  | "InvalidToken" // session token missing or not matching
  | "ExpiredToken" // temporary credentials expired
  | "SignatureExpired" // header form: X-Amz-Date more than maxSkew away from now; query form: outside Date..Date+Expires (+ skew)
  | "SignatureMismatch"; // wrong signature, wrong secret, payload hash mismatch, tampered anything

/** What the server computed, for the operator's log when a signature does not match. Never send it. */
export interface SigV4MismatchDetail {
  canonicalRequest: string;
  stringToSign: string;
}

export class SigV4Error extends Error {
  constructor(
    readonly kind: SigV4FailureKind,
    message: string,
    readonly detail?: SigV4MismatchDetail,
  ) {
    super(message);
    this.name = "SigV4Error";
  }
}

export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
/** One week, smithy's MAX_PRESIGNED_TTL and AWS's documented limit. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604800;

// AWS's wording where AWS documents or is known to use one.
const MESSAGES = {
  missing: "Missing Authentication Token",
  invalidToken: "The security token included in the request is invalid.",
  expiredToken: "The security token included in the request is expired",
  mismatch:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
};

const Q = {
  algorithm: "X-Amz-Algorithm",
  credential: "X-Amz-Credential",
  date: "X-Amz-Date",
  expires: "X-Amz-Expires",
  signedHeaders: "X-Amz-SignedHeaders",
  signature: "X-Amz-Signature",
  token: "X-Amz-Security-Token",
} as const;
const QUERY_AUTH_NAMES = new Set<string>(Object.values(Q));

interface ParsedAuth {
  form: "header" | "query";
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signedHeadersText: string;
  signature: Buffer;
  longDate: string;
  date: Date;
  expiresSeconds?: number;
  token?: string;
  /** The decoded query, wire order. */
  parameters: QueryParameter[];
}

export function verifySigV4(request: IncomingSignedRequest, options: VerifyOptions): VerifiedRequest {
  const auth = parseAuthentication(request);

  const credential = options.lookup(auth.accessKeyId);
  if (!credential) throw new SigV4Error("UnknownAccessKey", MESSAGES.invalidToken);

  checkSessionToken(auth.token, credential);
  if (credential.expiresAt && credential.expiresAt.getTime() <= options.now.getTime()) {
    throw new SigV4Error("ExpiredToken", MESSAGES.expiredToken);
  }

  checkScope(auth, options);
  checkTime(auth, options);
  const payloadHash = checkPayload(request);
  const headers = signedHeaderValues(request, auth.signedHeaders);

  const key = signingKey(credential.secretAccessKey, auth.scopeDate, auth.region, auth.service);
  const scope = credentialScope(auth.scopeDate, auth.region, auth.service);
  const path = canonicalUri(request.rawPath);
  let firstAttempt: SigV4MismatchDetail | undefined;
  for (const query of canonicalQueryCandidates(auth)) {
    const canonical = canonicalRequest({
      method: request.method,
      canonicalUri: path,
      canonicalQuery: query,
      headers,
      signedHeaders: auth.signedHeadersText,
      payloadHash,
    });
    const toSign = stringToSign(auth.longDate, scope, canonical);
    firstAttempt ??= { canonicalRequest: canonical, stringToSign: toSign };
    if (timingSafeEqual(signature(key, toSign), auth.signature)) {
      return { accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service, form: auth.form };
    }
  }
  throw new SigV4Error("SignatureMismatch", MESSAGES.mismatch, firstAttempt);
}

// ---------------------------------------------------------------------------------------------------
// Parsing

function parseAuthentication(request: IncomingSignedRequest): ParsedAuth {
  const parameters = parseQuery(request.rawQuery);
  const authorization = headerText(request, "authorization");
  const presigned = parameters.some((p) => p.name === Q.signature || p.name === Q.algorithm || p.name === Q.credential);
  if (authorization !== undefined && authorization.trim() !== "") {
    if (presigned) {
      throw incomplete(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
      );
    }
    return parseHeaderForm(request, authorization.trim(), parameters);
  }
  if (presigned) return parseQueryForm(request, parameters);
  throw new SigV4Error("MissingAuthentication", MESSAGES.missing);
}

function parseHeaderForm(
  request: IncomingSignedRequest,
  authorization: string,
  parameters: QueryParameter[],
): ParsedAuth {
  const space = authorization.search(/\s/);
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported Authorization Type: '${algorithm}'. Only ${ALGORITHM} is supported.`);
  }
  const fields = new Map<string, string>();
  for (const part of (space < 0 ? "" : authorization.slice(space + 1)).split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const equals = item.indexOf("=");
    if (equals <= 0) throw incomplete(`Authorization header format error: '${item}' is not of the form key=value.`);
    const name = item.slice(0, equals).trim();
    if (fields.has(name)) throw incomplete(`Authorization header has '${name}' more than once.`);
    fields.set(name, item.slice(equals + 1).trim());
  }

  const amzDate = headerText(request, "x-amz-date");
  const dateHeader = headerText(request, "date");
  const problems: string[] = [];
  for (const required of ["Credential", "Signature", "SignedHeaders"]) {
    if (!fields.get(required)) problems.push(`Authorization header requires '${required}' parameter.`);
  }
  if (amzDate === undefined && dateHeader === undefined) {
    problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (problems.length > 0) throw incomplete(problems.join(" "));

  // Per AWS, X-Amz-Date wins; `Date` (RFC 1123) is the documented fallback. SDKs always send X-Amz-Date.
  let date: Date | undefined;
  let longDate: string;
  if (amzDate !== undefined) {
    // parseAmzDate accepts only the canonical form, so the header is already the date as signed.
    longDate = amzDate.trim();
    date = parseAmzDate(longDate);
    if (!date) throw incomplete(`Invalid X-Amz-Date '${amzDate}': expected YYYYMMDD'T'HHMMSS'Z'.`);
  } else {
    const millis = Date.parse(dateHeader ?? "");
    if (Number.isNaN(millis)) throw incomplete(`Invalid Date header '${dateHeader}'.`);
    date = new Date(millis);
    longDate = formatAmzDate(date);
  }

  return {
    form: "header",
    ...parseCredential(fields.get("Credential") ?? ""),
    ...parseSignedHeaders(fields.get("SignedHeaders") ?? ""),
    signature: parseSignature(fields.get("Signature") ?? ""),
    longDate,
    date,
    token: nonEmpty(headerText(request, "x-amz-security-token")),
    parameters,
  };
}

function parseQueryForm(request: IncomingSignedRequest, parameters: QueryParameter[]): ParsedAuth {
  const values = new Map<string, string>();
  for (const p of parameters) {
    if (!QUERY_AUTH_NAMES.has(p.name)) continue;
    if (values.has(p.name)) throw incomplete(`The query parameter '${p.name}' is present more than once.`);
    values.set(p.name, p.value);
  }
  const missing = [Q.algorithm, Q.credential, Q.date, Q.expires, Q.signedHeaders, Q.signature].filter(
    (name) => !values.get(name),
  );
  if (missing.length > 0) {
    throw incomplete(`A presigned request requires the query parameters ${missing.map((m) => `'${m}'`).join(", ")}.`);
  }
  const algorithm = values.get(Q.algorithm) ?? "";
  if (algorithm !== ALGORITHM) throw incomplete(`X-Amz-Algorithm only supports '${ALGORITHM}', not '${algorithm}'.`);

  const longDate = values.get(Q.date) ?? "";
  const date = parseAmzDate(longDate);
  if (!date) throw incomplete(`Invalid X-Amz-Date '${longDate}': expected YYYYMMDD'T'HHMMSS'Z'.`);

  const expiresText = values.get(Q.expires) ?? "";
  const expiresSeconds = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expiresSeconds >= 1 && expiresSeconds <= MAX_PRESIGNED_EXPIRES_SECONDS)) {
    throw incomplete(
      `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_SECONDS} (one week), not '${expiresText}'.`,
    );
  }

  return {
    form: "query",
    ...parseCredential(values.get(Q.credential) ?? ""),
    ...parseSignedHeaders(values.get(Q.signedHeaders) ?? ""),
    signature: parseSignature(values.get(Q.signature) ?? ""),
    longDate,
    date,
    expiresSeconds,
    // The token rides in the query when presigning; accept the header too (S3-style clients).
    token: values.has(Q.token) ? values.get(Q.token) : nonEmpty(headerText(request, "x-amz-security-token")),
    parameters,
  };
}

function parseCredential(credential: string) {
  const parts = credential.split("/");
  if (parts.length !== 5) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  if (terminator !== SCOPE_TERMINATOR) {
    throw incomplete(
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${terminator}'.`,
    );
  }
  if (!accessKeyId || !region || !service) throw incomplete(`Credential has an empty element: '${credential}'.`);
  return { accessKeyId, scopeDate, region, service };
}

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

function parseSignedHeaders(text: string) {
  const signedHeaders = text.split(";");
  for (const name of signedHeaders) {
    if (!HEADER_NAME.test(name)) throw incomplete(`SignedHeaders has an invalid header name: '${name}' in '${text}'.`);
  }
  if (new Set(signedHeaders).size !== signedHeaders.length) {
    throw incomplete(`SignedHeaders lists a header more than once: '${text}'.`);
  }
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return { signedHeaders, signedHeadersText: text };
}

function parseSignature(hex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw incomplete("The signature must be 64 lower-case hexadecimal characters.");
  return Buffer.from(hex, "hex");
}

// ---------------------------------------------------------------------------------------------------
// Checks

function checkSessionToken(received: string | undefined, credential: StoredCredential): void {
  const expected = credential.sessionToken;
  if (expected === undefined) {
    // A long-term key with a token is rejected by AWS as well.
    if (received !== undefined) throw new SigV4Error("InvalidToken", MESSAGES.invalidToken);
    return;
  }
  // Compare digests so that the comparison takes the same time whatever the lengths.
  if (received === undefined || !timingSafeEqual(digest(received), digest(expected))) {
    throw new SigV4Error("InvalidToken", MESSAGES.invalidToken);
  }
}

function digest(text: string): Buffer {
  return Buffer.from(sha256Hex(text), "hex");
}

function checkScope(auth: ParsedAuth, options: VerifyOptions): void {
  const day = auth.longDate.slice(0, 8);
  if (auth.scopeDate !== day) {
    throw new SigV4Error(
      "SignatureMismatch",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${day}', from '${auth.longDate}'.`,
    );
  }
  if (!options.services.includes(auth.service)) {
    throw new SigV4Error(
      "SignatureMismatch",
      `Credential should be scoped to correct service: '${options.services.join("' or '")}'.`,
    );
  }
  if (options.regions && !options.regions.includes(auth.region)) {
    throw new SigV4Error("SignatureMismatch", `Credential should be scoped to a valid region, not '${auth.region}'.`);
  }
}

function checkTime(auth: ParsedAuth, options: VerifyOptions): void {
  const skew = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const now = options.now.getTime();
  const signed = auth.date.getTime();
  const minutes = `${Math.round(skew / 60000)} min.`;
  if (signed - now > skew) {
    throw new SigV4Error(
      "SignatureExpired",
      `Signature not yet current: ${auth.longDate} is still later than ${formatAmzDate(new Date(now + skew))} (${formatAmzDate(options.now)} + ${minutes})`,
    );
  }
  // Header form: the request must arrive within the skew. Query form: until X-Amz-Date + X-Amz-Expires,
  // with the same slack (amazon-chime-sdk-js gives its URLs 10 s only).
  const validUntil = signed + (auth.expiresSeconds ?? 0) * 1000;
  if (now - validUntil > skew) {
    throw new SigV4Error(
      "SignatureExpired",
      auth.form === "header"
        ? `Signature expired: ${auth.longDate} is now earlier than ${formatAmzDate(new Date(now - skew))} (${formatAmzDate(options.now)} - ${minutes})`
        : `Request has expired: X-Amz-Date ${auth.longDate} + X-Amz-Expires ${auth.expiresSeconds} s ended at ${formatAmzDate(new Date(validUntil))}; it is now ${formatAmzDate(options.now)}.`,
    );
  }
}

/**
 * HashedPayload = hex(sha256(body)). If the client sent `x-amz-content-sha256` (SDK v3 does, botocore
 * does not for these services) it must equal that hash: the canonical request would otherwise carry
 * the client's claim, not the body. `UNSIGNED-PAYLOAD` / streaming are S3 features, rejected here.
 */
function checkPayload(request: IncomingSignedRequest): string {
  const bodyHash = sha256Hex(request.body);
  const claimed = headerText(request, "x-amz-content-sha256");
  if (claimed !== undefined && claimed.trim() !== bodyHash) {
    throw new SigV4Error(
      "SignatureMismatch",
      /^[0-9a-fA-F]{64}$/.test(claimed.trim())
        ? "The provided 'x-amz-content-sha256' header does not match what was computed."
        : `x-amz-content-sha256 '${claimed}' is not supported by this service: send the SHA-256 of the body.`,
    );
  }
  return bodyHash;
}

function signedHeaderValues(request: IncomingSignedRequest, names: readonly string[]): [string, string][] {
  return names.map((name) => {
    const values = headerValues(request, name);
    if (values.length === 0) {
      throw new SigV4Error(
        "SignatureMismatch",
        `${MESSAGES.mismatch} (The signed header '${name}' is missing from the request.)`,
      );
    }
    return [name, values.map(canonicalHeaderValue).join(",")];
  });
}

/**
 * The canonical query strings to try. The first is SigV4's (RFC 3986). Two client quirks get a second
 * chance, both binding exactly the same decoded parameters, so nothing unsigned can slip in:
 * - amazon-chime-sdk-js encodes with `encodeURIComponent`, which leaves `!'()*` as they are;
 * - some clients append `X-Amz-Security-Token` after presigning (the AWS test suite's
 *   post-sts-header-after); the token is still checked against the session above.
 */
function canonicalQueryCandidates(auth: ParsedAuth): string[] {
  if (auth.form === "header") return [canonicalQuery(auth.parameters)];
  const signed = auth.parameters.filter((p) => p.name !== Q.signature);
  const withoutToken = signed.filter((p) => p.name !== Q.token);
  const sets = withoutToken.length === signed.length ? [signed] : [signed, withoutToken];
  const quirky = signed.some((p) => /[!'()*]/.test(p.name) || /[!'()*]/.test(p.value));
  const candidates = new Set<string>();
  for (const set of sets) {
    candidates.add(canonicalQuery(set));
    if (quirky) candidates.add(canonicalQuery(set, "encodeURIComponent"));
  }
  return [...candidates];
}

// ---------------------------------------------------------------------------------------------------
// Headers

/** All values of a header, in wire order (several only when `rawHeaders` shows a repeated header). */
function headerValues(request: IncomingSignedRequest, name: string): string[] {
  if (request.rawHeaders) {
    const values: string[] = [];
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      if (request.rawHeaders[i].toLowerCase() === name) values.push(request.rawHeaders[i + 1]);
    }
    return values;
  }
  // Own properties only: a SignedHeaders entry such as `constructor` must not reach Object.prototype.
  const value = Object.hasOwn(request.headers, name) ? request.headers[name] : undefined;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}

function headerText(request: IncomingSignedRequest, name: string): string | undefined {
  const values = headerValues(request, name);
  return values.length === 0 ? undefined : values.join(",");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function incomplete(message: string): SigV4Error {
  return new SigV4Error("IncompleteSignature", message);
}
