/**
 * The GraphQL Lambda handler for API Gateway HTTP API (payload v2) events, assembled once per
 * container: configuration, logger, SDK clients, token verifier and GraphQL server are created when the
 * module loads; a request only verifies its token and runs.
 *
 * One request: body size check -> the body read (http/request.ts) -> CSRF check -> context: token ->
 * verified claims -> identity (a reserved or foreign-shaped sub is FORBIDDEN) -> AppInstanceUser
 * provisioned -> the request's shape -> validation (with the mutation field limit) -> the caller's
 * rate limits (limits.ts) -> resolvers (server.ts, execution.ts) -> Chime as the caller (or STS, for
 * the caller's own credentials). A missing or invalid token is UNAUTHENTICATED with HTTP 401 before
 * any resolver runs. What the request did to Chime and STS, its refused tokens and per-user limits are
 * counted (src/metrics) and written once, as it ends.
 */
import { randomUUID } from "node:crypto";
import { LogLevelThreshold, type Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient, UpdateItemCommand, UpdateItemCommandOutput } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { GraphQLError } from "graphql";
import { requestDeadline, type DeadlineSignal } from "../aws/deadline";
import { IdentityRefusedError, identityFromClaims, type CallerIdentity } from "../auth/identity";
import { UserProvisioner } from "../auth/provisioning";
import { AuthenticationError, bearerToken, createTokenVerifier, type TokenVerifier } from "../auth/verifier";
import { createChimeClients, onFirstUse, type ChimeClients, type Instrument } from "../chime/clients";
import { ChimeCallError, type ApiErrorCode } from "../chime/errors";
import { ChimeGateway, type ChimeCallObserver } from "../chime/gateway";
import { MessagingSessionEndpointCache } from "../chime/messagingSessionEndpoint";
import type { Config } from "../config";
import { systemClock, type Clock } from "../credentials/cache";
import { createPushFeature } from "../push/feature";
import { stsOnFirstUse } from "../credentials/stsClient";
import { CredentialVendor, type AssumeRoleSender, type CredentialsObserver } from "../credentials/vendor";
import { createDynamoClient } from "../limits/dynamoClient";
import { RateLimiter } from "../limits/rateLimiter";
import { createLogger, RequestLoggers } from "../logger";
import { ApiMetrics, outcomeOf, type AuthFailureReason } from "../metrics/apiMetrics";
import { ModerationDecisions } from "../moderation/decisions";
import type { GraphQLContext } from "./context";
import { apiError, forbidden, HTTP_STATUS, RETRY_AFTER_SECONDS, retryAfterPlugin } from "./errors";
import {
  badRequest,
  graphqlRequestOf,
  httpRequestOf,
  preventCsrf,
  type HttpHead,
  type HttpRequest,
} from "./http/request";
import { errorAnswer, lambdaResult, preGraphqlError, responseContentType } from "./http/response";
import { rateLimitPlugin } from "./limits";
import { currentRequestScope, runInRequestScope } from "./requestScope";
import { GraphqlServer, type ServerPlugin } from "./server";
import { TypingSignalLimiter } from "./typingSignal";

export type GraphqlHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HandlerDependencies {
  logger?: Logger;
  /** SDK clients to use instead of ones built from the configuration (tools, tests). */
  clients?: ChimeClients;
  /** The STS client (an STSClient) to use instead of one built from the configuration. */
  sts?: AssumeRoleSender;
  /** The clock of the credentials cache and the typing signal's limit (tests move it). */
  clock?: Clock;
  /** The metrics to count into (tests); by default, the configuration's. */
  metrics?: ApiMetrics;
  /** Applied to every AWS SDK client the handler makes (handlers/graphqlTraced.ts: X-Ray). */
  instrumentClient?: Instrument;
}

function scopeLogger(fallback: Logger): Logger {
  return currentRequestScope()?.logger ?? fallback;
}

/** Errors raised while building the context: they carry their HTTP status (401, 403, 429, 503). */
function contextError(code: ApiErrorCode, message?: string): GraphQLError {
  const headers = new Map<string, string>();
  if (code === "UNAUTHENTICATED") headers.set("www-authenticate", 'Bearer realm="chime-chat-api"');
  if (code === "THROTTLED" || code === "UPSTREAM_UNAVAILABLE") headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  const http: HttpHead = { status: HTTP_STATUS[code] ?? 500, headers };
  return apiError(code, message, { http });
}

/** The invocation's time left before its timeout, when the runtime says (Lambda and sls offline do). */
function remainingTimeOf(context: Context): number | undefined {
  return typeof context?.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() : undefined;
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return Buffer.byteLength(event.body, event.isBase64Encoded ? "base64" : "utf8");
}

function chimeObserver(logger: Logger, metrics: ApiMetrics): ChimeCallObserver {
  return ({ operation, durationMs, error }) => {
    metrics.chimeCall(operation, error ? outcomeOf(error.code) : "ok");
    const log = scopeLogger(logger);
    if (!error) {
      log.debug("Chime call", { operation, durationMs: Math.round(durationMs) });
      return;
    }
    const details = {
      operation,
      durationMs: Math.round(durationMs),
      code: error.code,
      awsErrorName: error.awsErrorName,
      httpStatus: error.httpStatus,
      awsRequestId: error.awsRequestId,
    };
    if (error.code === "UPSTREAM_UNAVAILABLE" || error.code === "INTERNAL_SERVER_ERROR")
      log.error("Chime call failed", details);
    else log.info("Chime call refused", details);
  };
}

function credentialsObserver(logger: Logger, config: Config, metrics: ApiMetrics): CredentialsObserver {
  return ({ operation, roleSessionName, durationMs, vended, error }) => {
    if (vended || error) metrics.stsCall(error ? outcomeOf(error.code) : "ok");
    const log = scopeLogger(logger);
    if (vended) {
      // The access key id is what CloudTrail shows; the secret and the token are never logged.
      log.info("Credentials vended", {
        roleSessionName,
        accessKeyId: vended.accessKeyId,
        expiration: vended.expiration.toISOString(),
        durationMs: Math.round(durationMs),
      });
      return;
    }
    if (!error) return;
    const details = {
      operation,
      roleSessionName,
      durationMs: Math.round(durationMs),
      code: error.code,
      awsErrorName: error.awsErrorName,
      httpStatus: error.httpStatus,
      awsRequestId: error.awsRequestId,
      ...(error.operatorHint
        ? {
            operatorHint: error.operatorHint,
            userRoleArn: config.credentials.userRoleArn,
            durationSeconds: config.credentials.durationSeconds,
          }
        : {}),
    };
    if (error.code === "THROTTLED") log.info("STS call refused", details);
    else log.error("STS call failed", details);
  };
}

/** Adds the operation's name and type to the request's log lines (never its text or variables). */
function operationLogging(): ServerPlugin<GraphQLContext> {
  return {
    requestDidStart: () => ({
      didResolveOperation({ operation }) {
        currentRequestScope()?.logger.appendKeys({
          operationName: operation?.name?.value,
          operationType: operation?.operation,
        });
        return Promise.resolve();
      },
    }),
  };
}

/**
 * The identity of each remembered token's claims: the verifier hands back the same claims object for
 * the same token until it expires, and the identity follows from the claims and the configuration
 * alone. A refused identity is not kept (it throws again).
 */
type Identities = WeakMap<Awaited<ReturnType<TokenVerifier["verify"]>>, CallerIdentity>;

async function authenticate(
  authorization: string | undefined,
  verifier: TokenVerifier,
  identities: Identities,
  config: Config,
  logger: Logger,
  refused: (reason: AuthFailureReason) => void,
): Promise<CallerIdentity> {
  const token = bearerToken(authorization);
  if (token === undefined) {
    refused("missing");
    logger.info("Request refused", { reason: authorization === undefined ? "MissingToken" : "MalformedHeader" });
    throw contextError("UNAUTHENTICATED");
  }
  try {
    const claims = await verifier.verify(token);
    let identity = identities.get(claims);
    if (identity === undefined) {
      identity = identityFromClaims(claims, {
        appInstanceArn: config.appInstanceArn,
        adminGroup: config.auth.adminGroup,
        backendUserArn: config.backendUserArn,
        identity: config.identity,
      });
      identities.set(claims, identity);
    }
    return identity;
  } catch (error) {
    if (error instanceof IdentityRefusedError) {
      // A valid token that may not act here (a reserved id, or a sub not of the issuer's shape): a
      // fresh token would not help, so FORBIDDEN (403), not UNAUTHENTICATED.
      refused("forbidden");
      logger.warn("Request refused", { reason: error.reason });
      throw contextError("FORBIDDEN", error.message);
    }
    if (error instanceof AuthenticationError && error.kind === "unavailable") {
      refused("unavailable");
      logger.error("Token keys unavailable", { reason: error.reason });
      throw contextError("UPSTREAM_UNAVAILABLE");
    }
    const reason = error instanceof AuthenticationError ? error.reason : "InvalidToken";
    refused(reason === "JwtExpiredError" ? "expired" : "invalid");
    logger.info("Request refused", { reason });
    throw contextError("UNAUTHENTICATED");
  }
}

/** The AWS SDK clients the handler makes (not those given as dependencies), instrumented if asked. */
function clientsFor(config: Config, dependencies: HandlerDependencies) {
  const instrument = dependencies.instrumentClient ?? (<T>(client: T) => client);
  const options = {
    region: config.region,
    connectionTimeoutMs: config.chime.connectionTimeoutMs,
    requestTimeoutMs: config.chime.requestTimeoutMs,
  };
  const chime = (): ChimeClients => {
    const made = createChimeClients(options);
    return { ...made, messaging: instrument(made.messaging), identity: instrument(made.identity) };
  };
  let dynamo: DynamoDBClient | undefined;
  return {
    chime: dependencies.clients ?? chime(),
    // Created on first use: only `credentials` needs STS.
    sts: dependencies.sts ?? stsOnFirstUse(options, instrument),
    /** One client for the rate limits and the moderation denials, made when first asked for. */
    dynamo: () =>
      (dynamo ??= instrument(
        createDynamoClient({
          ...options,
          // The limit table answers in milliseconds; a slow answer lets the request through.
          connectionTimeoutMs: Math.min(config.chime.connectionTimeoutMs, 1000),
          requestTimeoutMs: Math.min(config.chime.requestTimeoutMs, 1000),
        }),
      )),
  };
}

/**
 * The request's log line, then its metrics. The line carries the first Chime call's metrics when it is
 * written at all (INFO): every line is a write to the log, and a request's log line and metrics line
 * were two of them (one, with the metrics in it, is about 0.05-0.1 ms less a request here).
 */
function logRequest(
  logger: Logger,
  metrics: ApiMetrics,
  request: { method: string | undefined; status: number | undefined; durationMs: number },
): void {
  // Metrics never fail a request, nor keep its line from being written.
  const notWritten = (error: unknown) =>
    logger.warn("Metrics not written", { reason: error instanceof Error ? error.name : "unknown" });
  let carried: Record<string, unknown> | undefined;
  try {
    if (logger.level <= LogLevelThreshold.INFO) carried = metrics.forLogLine();
  } catch (error) {
    notWritten(error);
  }
  logger.info("Request", { ...request, ...carried });
  try {
    metrics.flush();
  } catch (error) {
    notWritten(error);
  }
}

export function createGraphqlHandler(config: Config, dependencies: HandlerDependencies = {}): GraphqlHandler {
  const logger = dependencies.logger ?? createLogger(config);
  const requestLoggers = new RequestLoggers(logger);
  const metrics =
    dependencies.metrics ?? new ApiMetrics({ namespace: config.metrics.namespace, serviceName: config.serviceName });
  const clients = clientsFor(config, dependencies);
  // Every Chime and STS call of a request ends at its deadline (src/aws/deadline.ts).
  const deadline: DeadlineSignal = () => currentRequestScope()?.deadline?.signal;
  const gateway = new ChimeGateway(clients.chime, config.appInstanceArn, chimeObserver(logger, metrics), deadline);
  const provisioner = new UserProvisioner(gateway, (userId) =>
    // Once per user and container (the provisioner remembers the user); never the name itself.
    scopeLogger(logger).warn("Chime refused the display name; the user id names the user", { userId }),
  );
  const vendor = new CredentialVendor(clients.sts, config.credentials, {
    clock: dependencies.clock,
    observe: credentialsObserver(logger, config, metrics),
    deadline,
  });
  const sessionEndpoint = new MessagingSessionEndpointCache(gateway);
  const { channelFlowArn, decisionsTable } = config.moderation;
  // The denials' client, like the limiter's, is made by the first call that needs it (messageStatus
  // of a DENIED message), not at load.
  let decisions: ModerationDecisions | undefined;
  const moderation = {
    channelFlowArn,
    denials:
      decisionsTable === undefined
        ? undefined
        : {
            denialOf: (channelArn: string, messageId: string) =>
              (decisions ??= new ModerationDecisions(clients.dynamo(), decisionsTable)).denialOf(channelArn, messageId),
          },
  };
  const typingSignals = new TypingSignalLimiter(dependencies.clock ?? systemClock);
  const push = createPushFeature(config.push, dependencies.clock ?? systemClock);
  const verifier = createTokenVerifier(config.auth);
  const identities: Identities = new WeakMap();
  verifier.hydrate().catch((error: unknown) => {
    logger.warn("Token keys not loaded at start; the first request loads them", {
      reason: error instanceof AuthenticationError ? error.reason : "unknown",
    });
  });

  const limiter =
    config.rateLimits.table === undefined
      ? undefined
      : // The DynamoDB client is made at the first limited mutation (reads are not limited by default).
        new RateLimiter(
          onFirstUse<UpdateItemCommand, UpdateItemCommandOutput>(clients.dynamo),
          config.rateLimits.table,
          config.rateLimits.buckets,
        );
  if (!limiter) logger.warn("No per-user rate limits: RATE_LIMIT_TABLE is not set");
  const server = new GraphqlServer<GraphQLContext>(config, [
    retryAfterPlugin(),
    operationLogging(),
    ...(limiter ? [rateLimitPlugin(limiter, (limitClass) => metrics.rateLimit(limitClass))] : []),
  ]);

  const createContext = async (event: APIGatewayProxyEventV2): Promise<GraphQLContext> => {
    const scope = currentRequestScope();
    const log = scope?.logger ?? logger;
    const identity = await authenticate(event.headers?.authorization, verifier, identities, config, log, (reason) =>
      metrics.authFailure(reason),
    );
    log.appendKeys({ sub: identity.sub });
    try {
      await provisioner.ensure(identity);
    } catch (error) {
      const code = error instanceof ChimeCallError ? error.code : "INTERNAL_SERVER_ERROR";
      if (!(error instanceof ChimeCallError)) log.error("User provisioning failed", { error: error as Error });
      throw contextError(code === "BAD_USER_INPUT" || code === "CONFLICT" ? "INTERNAL_SERVER_ERROR" : code);
    }
    return {
      requestId: scope?.requestId ?? randomUUID(),
      logger: log,
      identity,
      appInstanceArn: config.appInstanceArn,
      region: config.region,
      chime: gateway.as(identity.bearer),
      chimeAsAdmin: () => {
        if (!identity.adminBearer) throw forbidden("Only admins may do this.");
        return gateway.as(identity.adminBearer);
      },
      gateway,
      credentials: () => vendor.credentialsFor(identity.sub),
      messagingSessionEndpoint: () => sessionEndpoint.get(),
      typingSignals,
      push,
      moderation,
    };
  };

  /**
   * A readable request's answer, in the order Apollo Server served it: CSRF prevention, the caller
   * (token and provisioning: a request without a valid token learns nothing more), the request's
   * shape, then the operation. `progress` says whether the caller is known yet.
   */
  const answerRequest = async (
    event: APIGatewayProxyEventV2,
    request: HttpRequest,
    progress: { stage: "caller" | "operation" },
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      preventCsrf(request.headers);
      const contextValue = await createContext(event);
      progress.stage = "operation";
      const graphqlRequest = graphqlRequestOf(request);
      const contentType = responseContentType(request.headers);
      if (contentType === undefined) {
        throw badRequest(
          "The request's `accept` header allows neither application/json nor application/graphql-response+json.",
          406,
        );
      }
      const result = await server.execute(graphqlRequest, contextValue);
      return lambdaResult(result.status ?? 200, result.headers, contentType, result.body);
    } catch (error) {
      return errorAnswer(request, error);
    }
  };

  /** One request: its body read, then its answer, or a 503 if that is not ready by the deadline. */
  const serve = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    let request: HttpRequest;
    try {
      request = httpRequestOf(event);
    } catch (error) {
      scopeLogger(logger).info("Unreadable request", { reason: error instanceof Error ? error.name : "unknown" });
      return preGraphqlError(400, "The request body is not valid JSON.", { code: "BAD_REQUEST" });
    }
    const scope = currentRequestScope();
    const progress: { stage: "caller" | "operation" } = { stage: "caller" };
    const answer = answerRequest(event, request, progress);
    if (!scope?.deadline) return answer;
    // AWS calls are aborted at the deadline and fail as an unavailable upstream does; whatever else is
    // still not done by then, the caller gets a 503 with retry-after before the Lambda's timeout, and the
    // log says at which stage the request was.
    const late = scope.deadline.passed.then(() => {
      scope.logger.error("Request deadline reached", { stage: progress.stage });
      return errorAnswer(request, contextError("UPSTREAM_UNAVAILABLE"));
    });
    return Promise.race([answer, late]);
  };

  return async (event, context) => {
    const started = performance.now();
    // The Lambda runtime's id of this invocation, new for each one, on AWS and under sls offline alike.
    // Not the event's requestContext.requestId: a direct invoke writes the whole event, and sls offline
    // puts the same constant in every event.
    const requestId = context.awsRequestId || randomUUID();
    // Function name, cold start, Lambda request id, and `requestId`.
    const requestLogger = requestLoggers.acquire(requestId, context);
    const deadline = requestDeadline(remainingTimeOf(context));
    try {
      const result = await runInRequestScope({ requestId, logger: requestLogger, deadline }, async () => {
        const size = bodyBytes(event);
        if (size > config.graphql.maxBodyBytes) {
          requestLogger.info("Request body too large", { bytes: size });
          return preGraphqlError(413, `The request body is larger than ${config.graphql.maxBodyBytes} bytes.`, {
            code: "BAD_REQUEST",
            limit: config.graphql.maxBodyBytes,
          });
        }
        return await serve(event);
      });
      // Every answer is the caller's own: never stored by a cache on the way.
      result.headers = { ...result.headers, "cache-control": "no-store", "x-request-id": requestId };
      logRequest(requestLogger, metrics, {
        method: event.requestContext?.http?.method,
        status: result.statusCode,
        durationMs: Math.round(performance.now() - started),
      });
      return result;
    } finally {
      deadline?.clear();
      // After the deadline, work the answer did not wait for may still log: its logger is not reused.
      if (!deadline?.expired) requestLoggers.release(requestLogger);
    }
  };
}
