/**
 * GraphQL over HTTP, the answer's side: the Lambda result of a GraphQL answer. The answer is
 * `application/json` unless the request's `accept` prefers `application/graphql-response+json`; an
 * `accept` allowing neither is 406 (as Apollo Server answered, but before anything runs).
 */
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import Negotiator from "negotiator";
import { currentRequestScope } from "../requestScope";
import { formatErrors } from "../server";
import type { HttpRequest } from "./request";

const JSON_TYPE = "application/json; charset=utf-8";
const GRAPHQL_RESPONSE_TYPE = "application/graphql-response+json; charset=utf-8";

/** The answer's content type for the request's `accept`, or undefined when it accepts neither JSON type. */
export function responseContentType(headers: ReadonlyMap<string, string>): string | undefined {
  const accept = headers.get("accept");
  if (!accept) return JSON_TYPE;
  return new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE]);
}

/** The Lambda result of a GraphQL answer: its status and headers, and its body as JSON. */
export function lambdaResult(
  status: number,
  headers: ReadonlyMap<string, string>,
  contentType: string,
  body: object,
): APIGatewayProxyStructuredResultV2 {
  // No content-length: API Gateway sets it from the body it sends.
  return {
    statusCode: status,
    headers: { ...Object.fromEntries(headers), "content-type": contentType },
    body: JSON.stringify(body) + "\n",
  };
}

/**
 * The answer of an error raised outside execution (CSRF, the caller's token, the request's shape):
 * the status it carries, or 500; in the preferred content type, or JSON where the client takes neither.
 */
export function errorAnswer(request: HttpRequest, error: unknown): APIGatewayProxyStructuredResultV2 {
  const { errors, http } = formatErrors([error]);
  return lambdaResult(http.status ?? 500, http.headers, responseContentType(request.headers) ?? JSON_TYPE, { errors });
}

/** An error answer made before the request is read as GraphQL (413, a body that is not JSON). */
export function preGraphqlError(
  status: number,
  message: string,
  extensions: Record<string, unknown>,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { "content-type": JSON_TYPE },
    body: JSON.stringify({
      errors: [{ message, extensions: { ...extensions, requestId: currentRequestScope()?.requestId } }],
    }),
  };
}
