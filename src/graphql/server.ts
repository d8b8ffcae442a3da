/**
 * The Apollo server: schema, resolvers, and the hardening every deployment gets.
 *
 * - graphql-armor: depth, cost, aliases, tokens and directives are limited; field suggestions are
 *   blocked where suggestions are off (production). A mutation runs at most a few root fields
 *   (`GRAPHQL_MAX_MUTATION_FIELDS`, rootFields.ts), which armor has no rule for.
 * - CSRF prevention stays on: a POST needs `content-type: application/json` (or a non-simple header
 *   such as `apollo-require-preflight`), a GET needs `apollo-require-preflight` or
 *   `x-apollo-operation-name`.
 * - Introspection and suggestions follow the configuration (on locally, off by default on AWS).
 * - No batched requests, no persisted queries, no stack traces in responses, errors formatted by
 *   `formatError`.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { Config } from "../config";
import type { GraphQLContext } from "./context";
import { formatError, retryAfterPlugin } from "./errors";
import { resolvers } from "./resolvers";
import { maxMutationFieldsRule } from "./rootFields";
import { buildSchema } from "./schema";

export const QUERY_LIMITS = {
  /** Depth of selection sets; the deepest useful query of the schema is 6, introspection's about 13. */
  depth: 15,
  aliases: 15,
  /** graphql-armor's cost: objects 2, scalars 1, times 1.5 per level of depth. */
  cost: 5000,
  tokens: 2000,
  directives: 20,
} as const;

export function createApolloServer(
  config: Config,
  extraPlugins: ApolloServerPlugin<GraphQLContext>[] = [],
): ApolloServer<GraphQLContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.depth, ignoreIntrospection: false, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.aliases },
    // Introspection (on locally only) is exempt from the cost limit but not from the depth limit.
    costLimit: { maxCost: QUERY_LIMITS.cost, ignoreIntrospection: true },
    // Tokens are limited by graphql-js's parser instead (`parseOptions`): armor's Apollo plugin
    // answers an over-long document with HTTP 500, the parser with a 400 GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.directives },
    blockFieldSuggestion: { enabled: !config.graphql.suggestions },
  }).protect();
  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
    // No Apollo Studio: nothing about operations leaves the function (the bundle leaves these
    // plugins out too; see esbuild.config.js).
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
    retryAfterPlugin(),
    // No cache hints: every answer is the caller's own and `no-store` (lambda.ts sets the header). The
    // plugin would otherwise wrap every resolver to compute a policy that is always "uncacheable".
    ApolloServerPluginCacheControlDisabled(),
  ];
  if (config.environment === "aws") plugins.push(ApolloServerPluginLandingPageDisabled());
  plugins.push(...extraPlugins);
  return new ApolloServer<GraphQLContext>({
    schema: buildSchema(resolvers),
    introspection: config.graphql.introspection,
    hideSchemaDetailsFromClientErrors: !config.graphql.suggestions,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: a per-container cache helps little on Lambda, and clients fall
    // back to sending the query (PERSISTED_QUERY_NOT_SUPPORTED).
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: [...armor.validationRules, maxMutationFieldsRule(config.graphql.maxMutationFields)],
    plugins,
  });
}
