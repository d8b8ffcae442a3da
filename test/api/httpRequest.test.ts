/**
 * GraphQL over HTTP, the request's side (src/graphql/http/request.ts), as a pure unit: which requests
 * CSRF prevention lets through, and how an HTTP request becomes a GraphQL request or a refusal with its
 * status. The same rules over real HTTP: test/api/hardening.test.ts.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { GraphQLError } from "graphql";
import {
  graphqlRequestOf,
  httpRequestOf,
  preventCsrf,
  type HttpHead,
  type HttpRequest,
} from "../../src/graphql/http/request";

function refusal(run: () => unknown): { message: string; status?: number; headers: Record<string, string> } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    expect(error.extensions.code).toBe("BAD_REQUEST");
    const http = error.extensions.http as HttpHead;
    return { message: error.message, status: http.status, headers: Object.fromEntries(http.headers) };
  }
  throw new Error("not refused");
}

describe("CSRF prevention", () => {
  test.each([
    ["no content type", {}],
    ["text/plain", { "content-type": "text/plain" }],
    ["text/plain with a charset, in capitals", { "content-type": "TEXT/Plain; charset=utf-8" }],
    ["a form", { "content-type": "application/x-www-form-urlencoded" }],
    ["a multipart form", { "content-type": "multipart/form-data; boundary=x" }],
    ["text/plain and an empty preflight header", { "content-type": "text/plain", "apollo-require-preflight": "" }],
  ])("%s: refused", (_name, headers) => {
    expect(refusal(() => preventCsrf(new Map(Object.entries(headers))))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/Cross-Site Request Forgery/) as string,
    });
  });

  test.each([
    ["application/json", { "content-type": "application/json" }],
    ["application/json with a charset", { "content-type": "application/json; charset=utf-8" }],
    ["a content type no browser sends without a preflight", { "content-type": "application/graphql" }],
    ["a content type that is none (no simple request has one)", { "content-type": "nonsense" }],
    ["no content type, apollo-require-preflight", { "apollo-require-preflight": "true" }],
    ["text/plain, x-apollo-operation-name", { "content-type": "text/plain", "x-apollo-operation-name": "Q" }],
  ])("%s: let through", (_name, headers) => {
    expect(() => preventCsrf(new Map(Object.entries(headers)))).not.toThrow();
  });
});

function event(method: string, headers: Record<string, string>, body?: string, query = ""): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: `${method} /graphql`,
    rawPath: "/graphql",
    rawQueryString: query,
    headers,
    requestContext: { http: { method } },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe("reading the event", () => {
  test("a JSON body is parsed, a text body kept, any other dropped; header names in lower case", () => {
    expect(httpRequestOf(event("POST", { "Content-Type": "application/json" }, '{"query":"{ a }"}'))).toEqual({
      method: "POST",
      headers: new Map([["content-type", "application/json"]]),
      search: "",
      body: { query: "{ a }" },
    });
    expect(httpRequestOf(event("POST", { "content-type": "text/plain" }, "{ a }")).body).toBe("{ a }");
    expect(httpRequestOf(event("POST", { "content-type": "application/xml" }, "<a/>")).body).toBe("");
  });

  test("a base64 body is decoded; a JSON body that is not JSON throws", () => {
    const encoded = { ...event("POST", { "content-type": "application/json" }), isBase64Encoded: true };
    encoded.body = Buffer.from('{"query":"{ b }"}').toString("base64");
    expect(httpRequestOf(encoded).body).toEqual({ query: "{ b }" });
    expect(() => httpRequestOf(event("POST", { "content-type": "application/json" }, "{"))).toThrow(SyntaxError);
  });
});

describe("the GraphQL request", () => {
  const post = (body: unknown): HttpRequest => ({ method: "POST", headers: new Map(), search: "", body });
  const get = (search: string, headers: Record<string, string> = {}): HttpRequest => ({
    method: "GET",
    headers: new Map(Object.entries(headers)),
    search,
    body: "",
  });

  test("POST: query, operation name, variables and extensions", () => {
    expect(graphqlRequestOf(post({ query: "{ a }", operationName: "A", variables: { x: 1 }, extensions: {} }))).toEqual(
      {
        method: "POST",
        query: "{ a }",
        operationName: "A",
        variables: { x: 1 },
        extensions: {},
      },
    );
    expect(graphqlRequestOf(post({ query: "{ a }", variables: null, operationName: null }))).toEqual({
      method: "POST",
      query: "{ a }",
      operationName: undefined,
      variables: undefined,
      extensions: undefined,
    });
  });

  test.each([
    ["a batch", [{ query: "{ a }" }], /batching disabled/],
    ["no body", "", /POST body missing/],
    ["an empty object", {}, /POST body missing/],
    ["a query that is no string", { query: { kind: "Document" } }, /must be strings/],
    ["variables as a JSON string", { query: "{ a }", variables: '{"x":1}' }, /not a recursively JSON-encoded string/],
    ["variables as a list", { query: "{ a }", variables: [1] }, /must be an object/],
    ["extensions as a number", { query: "{ a }", extensions: 1 }, /must be an object/],
    ["an operation name that is no string", { query: "{ a }", operationName: 1 }, /must be a string/],
  ])("POST, %s: 400", (_name, body, message) => {
    expect(refusal(() => graphqlRequestOf(post(body)))).toMatchObject({
      status: 400,
      message: expect.stringMatching(message) as string,
    });
  });

  test("GET: search parameters, variables and extensions as JSON", () => {
    const search = new URLSearchParams({ query: "{ a }", operationName: "A", variables: '{"x":1}' }).toString();
    expect(graphqlRequestOf(get(search))).toEqual({
      method: "GET",
      query: "{ a }",
      operationName: "A",
      variables: { x: 1 },
      extensions: undefined,
    });
  });

  test.each([
    ["a parameter given twice", "query=%7Ba%7D&query=%7Bb%7D", {}, 400, /only be specified once/],
    ["variables that are not JSON", "query=%7Ba%7D&variables=%7B", {}, 400, /invalid JSON/],
    ["variables that are a list", "query=%7Ba%7D&variables=%5B1%5D", {}, 400, /JSON-encoded object/],
    ["a content type other than JSON", "query=%7Ba%7D", { "content-type": "text/plain" }, 415, /content-type/],
  ])("GET, %s: %s", (_name, search, headers, status, message) => {
    expect(refusal(() => graphqlRequestOf(get(search, headers)))).toMatchObject({
      status,
      message: expect.stringMatching(message) as string,
    });
  });

  test("another method: 405, naming the two", () => {
    const put: HttpRequest = { method: "PUT", headers: new Map(), search: "", body: "" };
    expect(refusal(() => graphqlRequestOf(put))).toMatchObject({ status: 405, headers: { allow: "GET, POST" } });
  });
});
