/**
 * GraphQL over HTTP, the request's side: API Gateway's event read as a GraphQL request. The rules are
 * the ones Apollo Server applied while the API ran on it, which its clients rely on (docs/frontend.md):
 *
 * - A JSON body (`content-type: application/json...`) is parsed; one that is not JSON is refused
 *   (400 BAD_REQUEST) before anything else. A `text/plain` body is kept as text, any other as nothing.
 * - CSRF prevention: a request a browser could send without a CORS preflight (no content type, or
 *   `text/plain`, `multipart/form-data`, `application/x-www-form-urlencoded`) needs a non-empty
 *   `apollo-require-preflight` or `x-apollo-operation-name` header.
 * - POST takes a JSON object with `query`, `variables`, `operationName`, `extensions`; GET the same as
 *   search parameters (each at most once). Other methods are 405; a batch (a JSON array) is 400.
 *
 * Each refusal is a GraphQLError with the code BAD_REQUEST and its HTTP status (`extensions.http`).
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { GraphQLError } from "graphql";

/** An answer's HTTP status and headers, as errors carry them in `extensions.http` (header names in lower case). */
export interface HttpHead {
  status?: number;
  headers: Map<string, string>;
}

export interface HttpRequest {
  method: string;
  /** Names in lower case. */
  headers: Map<string, string>;
  /** The query string, without `?`. */
  search: string;
  /** A JSON body parsed, a text body as text, anything else "". */
  body: unknown;
}

export interface GraphqlRequest {
  method: "GET" | "POST";
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

export function badRequest(message: string, status = 400, headers: Record<string, string> = {}): GraphQLError {
  const http: HttpHead = { status, headers: new Map(Object.entries(headers)) };
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST", http } });
}

/** The event's method, headers, query string and body. Throws a SyntaxError for a JSON body that is not JSON. */
export function httpRequestOf(event: APIGatewayProxyEventV2): HttpRequest {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(event.headers ?? {})) headers.set(name.toLowerCase(), value ?? "");
  let body: unknown = "";
  if (event.body) {
    const contentType = headers.get("content-type");
    const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
    if (contentType?.startsWith("application/json")) body = JSON.parse(text);
    else if (contentType?.startsWith("text/plain")) body = text;
  }
  return { method: event.requestContext.http.method, headers, search: event.rawQueryString ?? "", body };
}

/** A media type's `type/subtype` in lower case, or undefined when it is not one (as the WHATWG MIME parser reads it). */
function essence(mediaType: string): string | undefined {
  const match = /^[\t\n\r ]*([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)[\t\n\r ]*(;|$)/.exec(mediaType);
  return match?.[1].toLowerCase();
}

const SIMPLE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];
const PREFLIGHT_HEADERS = ["x-apollo-operation-name", "apollo-require-preflight"];

/** Refuses a request a browser could send cross-site without asking first (see above). */
export function preventCsrf(headers: ReadonlyMap<string, string>): void {
  const contentType = headers.get("content-type");
  if (contentType !== undefined) {
    const type = essence(contentType);
    // A content type a browser would not send without a preflight (or none it could send at all).
    if (type === undefined || !SIMPLE_CONTENT_TYPES.includes(type)) return;
  }
  if (PREFLIGHT_HEADERS.some((name) => (headers.get(name) ?? "").length > 0)) return;
  throw badRequest(
    "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a " +
      `'content-type' header (with a type that is not one of ${SIMPLE_CONTENT_TYPES.join(", ")}) or provide a ` +
      `non-empty value for one of the following headers: ${PREFLIGHT_HEADERS.join(", ")}\n`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function fromPost(body: unknown): GraphqlRequest {
  if (Array.isArray(body)) throw badRequest("Operation batching disabled.");
  if (!isRecord(body) || Object.keys(body).length === 0) {
    throw badRequest("POST body missing, invalid Content-Type, or JSON object has no keys.");
  }
  if (body.query && typeof body.query !== "string") throw badRequest("GraphQL queries must be strings.");
  for (const field of ["variables", "extensions"] as const) {
    const value = body[field];
    if (typeof value === "string") {
      throw badRequest(
        `\`${field}\` in a POST body should be provided as an object, not a recursively JSON-encoded string.`,
      );
    }
    if (value !== undefined && value !== null && !isRecord(value)) {
      throw badRequest(`\`${field}\` in a POST body must be an object if provided.`);
    }
  }
  if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== "string") {
    throw badRequest("`operationName` in a POST body must be a string if provided.");
  }
  return {
    method: "POST",
    query: stringOf(body.query),
    operationName: stringOf(body.operationName),
    variables: isRecord(body.variables) ? body.variables : undefined,
    extensions: isRecord(body.extensions) ? body.extensions : undefined,
  };
}

function fromGet(headers: ReadonlyMap<string, string>, search: string): GraphqlRequest {
  const contentType = headers.get("content-type");
  if (contentType !== undefined && essence(contentType) !== "application/json") {
    throw badRequest("GET requests may not have a content-type header other than application/json.", 415);
  }
  const params = new URLSearchParams(search);
  const once = (name: string) => {
    const values = params.getAll(name);
    if (values.length > 1) throw badRequest(`The '${name}' search parameter may only be specified once.`);
    return values[0];
  };
  const json = (name: string) => {
    const value = once(name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw badRequest(`The ${name} search parameter contains invalid JSON.`);
    }
    if (!isRecord(parsed)) throw badRequest(`The ${name} search parameter should contain a JSON-encoded object.`);
    return parsed;
  };
  return {
    method: "GET",
    query: once("query"),
    operationName: once("operationName"),
    variables: json("variables"),
    extensions: json("extensions"),
  };
}

/** The GraphQL request an HTTP request makes, or a BAD_REQUEST error (400, 405, 415). */
export function graphqlRequestOf(request: HttpRequest): GraphqlRequest {
  if (request.method === "POST") return fromPost(request.body);
  if (request.method === "GET") return fromGet(request.headers, request.search);
  throw badRequest("Only GET and POST requests are served.", 405, { allow: "GET, POST" });
}
