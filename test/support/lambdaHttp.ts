/**
 * Serves a Lambda handler over HTTP the way API Gateway HTTP API (payload format 2.0) calls it, as
 * `sls offline` does: each request becomes an APIGatewayProxyEventV2 (lower-cased headers, repeated
 * headers joined with commas, cookies apart, binary bodies base64-encoded), and the handler's result
 * becomes the response. Only the routes given are served; others are 404 as API Gateway answers them.
 * A mapping of our own, kept for speed (in-process, no sls offline to start): test/api/gateway.test.ts
 * holds it to serverless-offline's, and the tests whose subject is the mapping use that instead
 * (offlineGateway.ts).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LambdaHttpOptions {
  /** `METHOD /path` route keys, as in serverless.yml `httpApi` events. */
  routes?: string[];
  host?: string;
  port?: number;
  /** API Gateway's own payload limit (10 MB); larger bodies never reach the handler. */
  maxPayloadBytes?: number;
  functionName?: string;
  /** The function's timeout, which the handler's context counts down from (serverless.yml: 29 s). */
  timeoutMs?: number;
}

export interface LambdaHttpServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const TEXT_TYPES = /^(text\/|application\/(json|graphql|x-www-form-urlencoded|xml|javascript))/i;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toEvent(req: IncomingMessage, url: URL, body: Buffer, routeKey: string): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    if (name === "cookie") {
      cookies = [...(cookies ?? []), ...value.split(/;\s*/)];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    queryStringParameters[key] =
      queryStringParameters[key] === undefined ? value : `${queryStringParameters[key]},${value}`;
  }
  const isText = body.length === 0 || TEXT_TYPES.test(headers["content-type"] ?? "");
  const now = new Date();
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    cookies,
    headers,
    queryStringParameters: url.search ? queryStringParameters : undefined,
    requestContext: {
      accountId: "offlineContext_accountId",
      apiId: "offlineContext_apiId",
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0],
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : isText ? body.toString("utf8") : body.toString("base64"),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "offline",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === "string") {
    res.writeHead(200, { "content-type": "application/json" }).end(result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body === undefined ? "" : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  headers["content-length"] = String(body.length);
  res.writeHead(result.statusCode ?? 200, headers).end(body);
}

function gatewayError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ message }));
}

export async function serveLambda(
  handler: LambdaHttpHandler,
  options: LambdaHttpOptions = {},
): Promise<LambdaHttpServer> {
  const routes = options.routes ?? ["POST /graphql", "GET /graphql"];
  const limit = options.maxPayloadBytes ?? 10 * 1024 * 1024;
  const functionName = options.functionName ?? "graphql";
  const timeoutMs = options.timeoutMs ?? 29_000;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const routeKey = routes.find((route) => route === `${req.method ?? ""} ${url.pathname}`);
    void readBody(req, limit)
      .then(async (body) => {
        if (!routeKey) return gatewayError(res, 404, "Not Found");
        if (body === "too-large") return gatewayError(res, 413, "Request Entity Too Large");
        const result = await handler(toEvent(req, url, body, routeKey), lambdaContext(functionName, timeoutMs));
        send(res, result);
      })
      .catch(() => gatewayError(res, 502, "Internal Server Error"));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
