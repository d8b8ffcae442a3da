/**
 * The per-user limits, charged once the operation is known and before anything runs: each root field
 * costs one token of its class (rootFields.ts; aliases count), one conditional UpdateItem per class
 * the document touches (src/limits). Over the limit: THROTTLED, HTTP 429 and `retry-after` (seconds).
 * Queries are `reads`, which are not limited unless configured (docs/limits.md says why).
 *
 * If DynamoDB cannot be reached the request goes on (fail open, logged as an error): the limits
 * protect the account's Chime quotas, which Chime enforces too (ThrottledClientException is THROTTLED
 * as well), and an outage of the limit table must not stop the chat.
 *
 * When the container's view of a bucket leaves plenty in it, the request does not wait for the
 * UpdateItem: it runs beside the operation and is awaited before the answer goes out (Lambda freezes
 * the container once it has answered). src/limits/rateLimiter.ts says what that allows beyond a limit.
 */
import { Kind, OperationTypeNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import type { LimitClass } from "../config";
import type { RateLimiter, TakeResult } from "../limits/rateLimiter";
import type { GraphQLContext } from "./context";
import { apiError } from "./errors";
import { currentRequestScope } from "./requestScope";
import { rootFields } from "./rootFields";
import type { ServerPlugin } from "./server";

/**
 * The class of each mutation. A mutation missing here is charged to `sends` (the most used quota)
 * until it is added; test/api/rateLimits.test.ts checks that every mutation of the schema is listed.
 */
export const MUTATION_CLASSES: Record<string, LimitClass> = {
  sendMessage: "sends",
  editMessage: "sends",
  redactMessage: "sends",
  deleteMessage: "sends",
  signalTyping: "signals",
  createChannel: "channels",
  updateChannel: "channels",
  deleteChannel: "channels",
  markChannelRead: "channels",
  joinChannel: "members",
  leaveChannel: "members",
  addMembers: "members",
  removeMember: "members",
  addModerator: "members",
  removeModerator: "members",
  banMember: "members",
  unbanMember: "members",
  credentials: "credentials",
  registerDevice: "devices",
  unregisterDevice: "devices",
  setNotificationLevel: "members",
};

/** Tokens per class that an operation costs. */
export function charges(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): Map<LimitClass, number> {
  const costs = new Map<LimitClass, number>();
  for (const field of rootFields(operation.selectionSet, (name) => fragments.get(name))) {
    const limitClass =
      operation.operation === OperationTypeNode.MUTATION ? (MUTATION_CLASSES[field.name.value] ?? "sends") : "reads";
    costs.set(limitClass, (costs.get(limitClass) ?? 0) + 1);
  }
  return costs;
}

function throttled(retryAfterSeconds: number) {
  return apiError("THROTTLED", `Too many requests; retry after ${retryAfterSeconds} s.`, {
    retryAfter: retryAfterSeconds,
    http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
  });
}

function checkFailed(logger: GraphQLContext["logger"], error: unknown): void {
  logger.error("Rate limit check failed; request let through", {
    error: error instanceof Error ? error.name : "unknown",
  });
}

/** `onLimited` hears each class that refused a request (for the metrics). */
export function rateLimitPlugin(
  limiter: RateLimiter,
  onLimited: (limitClass: LimitClass) => void = () => undefined,
): ServerPlugin<GraphQLContext> {
  return {
    requestDidStart() {
      // The takes decided without waiting for DynamoDB, still being recorded.
      let early: { limitClass: LimitClass; recorded: Promise<TakeResult> }[] = [];
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          const due = [...charges(operation, fragments)].filter(([limitClass]) => limiter.limits(limitClass));
          if (due.length === 0) return;
          const userId = contextValue.identity.sub;
          const takes = due.map(([limitClass, tokens]) => ({
            limitClass,
            ...limiter.begin(userId, limitClass, tokens),
          }));
          early = takes.filter((take) => take.early);
          let results;
          try {
            results = await Promise.all(takes.map((take) => take.decision));
          } catch (error) {
            checkFailed(currentRequestScope()?.logger ?? contextValue.logger, error);
            return;
          }
          const waits = results.flatMap((result) => (result.allowed ? [] : [result.retryAfterSeconds]));
          results.forEach((result, i) => {
            if (!result.allowed) onLimited(due[i][0]);
          });
          if (waits.length > 0) {
            const retryAfter = Math.max(...waits);
            contextValue.logger.info("Request throttled", { classes: due.map(([c]) => c), retryAfter });
            throw throttled(retryAfter);
          }
        },
        async willSendResponse({ contextValue }) {
          if (early.length === 0) return;
          const recorded = await Promise.allSettled(early.map((take) => take.recorded));
          const logger = currentRequestScope()?.logger ?? contextValue.logger;
          recorded.forEach((outcome, index) => {
            if (outcome.status === "rejected") checkFailed(logger, outcome.reason);
            // Another container had emptied the bucket since this one last saw it: one request over.
            else if (!outcome.value.allowed)
              logger.info("Request let through over its limit", { class: early[index].limitClass });
          });
        },
      };
    },
  };
}
