/**
 * The GraphQL server: schema, resolvers, the hardening every deployment gets, and one request's way
 * from its text to its result. What Apollo Server did for the API, kept as its clients know it
 * (status codes, error codes, CSRF prevention: http/request.ts), at a fraction of a request's cost,
 * with compiled execution in the bundle room it left (docs/deploy.md, "A request's cost").
 *
 * - graphql-armor's rules: depth, cost, aliases and directives are limited; the parser limits tokens.
 *   A mutation runs at most a few root fields (`GRAPHQL_MAX_MUTATION_FIELDS`, rootFields.ts), which
 *   armor has no rule for.
 * - Introspection and field suggestions follow the configuration (on locally, off by default on AWS).
 * - A document is parsed and validated once per container: a valid one is kept (an LRU of
 *   `DOCUMENT_CACHE_BYTES`); a refused one is not, and is refused again.
 * - No batched requests, no persisted queries, no stack traces in responses, errors formatted by
 *   `formatError`.
 */
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { LRUCache } from "lru-cache";
import type { Config } from "../config";
import { formatError } from "./errors";
import { OperationRunner } from "./execution";
import { badRequest, type GraphqlRequest, type HttpHead } from "./http/request";
import { resolvers } from "./resolvers";
import { maxMutationFieldsRule } from "./rootFields";
import { buildSchema } from "./schema";

const QUERY_LIMITS = {
  /** Depth of selection sets; the deepest useful query of the schema is 6, introspection's about 13. */
  depth: 15,
  aliases: 15,
  /** graphql-armor's cost: objects 2, scalars 1, times 1.5 per level of depth. */
  cost: 5000,
  tokens: 2000,
  directives: 20,
} as const;

/**
 * What the document cache may hold: 30 MiB of documents, each weighed as its JSON (Apollo Server's
 * default and way). Weighed by its query text instead, a cache of small documents would hold ten to
 * twenty times as much in memory.
 */
const DOCUMENT_CACHE_BYTES = 30 * 1024 * 1024;

/** A request's result: its GraphQL body and its HTTP status and headers. */
export interface GraphqlResult extends HttpHead {
  body: FormattedExecutionResult;
}

export interface ResolvedOperation<Context> {
  document: DocumentNode;
  /** Undefined when the document names no operation to run (the request then fails). */
  operation: OperationDefinitionNode | undefined;
  contextValue: Context;
}

/** What a plugin does in one request; `requestDidStart` is called at its start. */
export interface RequestHooks<Context> {
  /** The operation is known and nothing has run; throwing refuses the request with that error. */
  didResolveOperation?(request: ResolvedOperation<Context>): Promise<void>;
  /** The result is ready (whatever it is); the answer leaves when this resolves. */
  willSendResponse?(response: { contextValue: Context; result: GraphqlResult }): Promise<void>;
}

export interface ServerPlugin<Context> {
  requestDidStart(): RequestHooks<Context>;
}

function reportRefusal(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message));
}

/** Where introspection is off: one error for each `__schema` or `__type` field of the document. */
const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === "__schema" || node.name.value === "__type") {
      context.reportError(
        new GraphQLError("GraphQL introspection is not allowed here, but the query contained __schema or __type.", {
          nodes: [node],
        }),
      );
    }
  },
});

/** graphql-armor's way of hiding a suggestion in an error's message, where suggestions are off. */
const SUGGESTION = /Did you mean ".+"/g;

/** The request's own fault, found before anything ran: `error` with `code`, HTTP 400. */
function refusedWith(error: GraphQLError, code: string, message = error.message): GraphQLError {
  const http: HttpHead = { status: 400, headers: new Map() };
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code, http },
  });
}

function ensureGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const original = error instanceof Error ? error : new Error(String(error));
  return new GraphQLError(original.message, { originalError: original });
}

/**
 * Errors as clients see them, and the HTTP status and headers they carry (`extensions.http`): the
 * last status wins, headers add up.
 */
export function formatErrors(errors: readonly unknown[]): { errors: GraphQLFormattedError[]; http: HttpHead } {
  const http: HttpHead = { headers: new Map() };
  const formatted = errors.map((maybeError) => {
    const error = ensureGraphQLError(maybeError);
    // graphql-jit's errors have no extensions unless the error they wrap had some.
    const { http: head, ...extensions } = (error.extensions ?? {}) as { http?: HttpHead } & Record<string, unknown>;
    if (head) {
      if (typeof head.status === "number") http.status = head.status;
      if (head.headers instanceof Map) for (const [name, value] of head.headers) http.headers.set(name, value);
    }
    try {
      return formatError(
        { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? "INTERNAL_SERVER_ERROR" } },
        maybeError,
      );
    } catch {
      return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
    }
  });
  return { errors: formatted, http };
}

export class GraphqlServer<Context extends object> {
  private readonly schema: GraphQLSchema;
  private readonly rules: ValidationRule[];
  private readonly suggestions: boolean;
  private readonly documents = new LRUCache<string, DocumentNode>({
    maxSize: DOCUMENT_CACHE_BYTES,
    sizeCalculation: (document) => JSON.stringify(document).length || 1,
  });
  private readonly runner: OperationRunner;

  constructor(
    config: Config,
    private readonly plugins: ServerPlugin<Context>[] = [],
  ) {
    this.schema = buildSchema(resolvers);
    this.suggestions = config.graphql.suggestions;
    // Armor's rules throw at their first refusal by default; reported instead, a refusal is one more
    // validation error (GRAPHQL_VALIDATION_FAILED, 400) and validation goes on.
    const report = { propagateOnRejection: false, onReject: [reportRefusal] };
    this.rules = [
      ...specifiedRules,
      maxDepthRule({ n: QUERY_LIMITS.depth, ignoreIntrospection: false, flattenFragments: true, ...report }),
      maxAliasesRule({ n: QUERY_LIMITS.aliases, ...report }),
      // Introspection (on locally only) is exempt from the cost limit but not from the depth limit.
      costLimitRule({ maxCost: QUERY_LIMITS.cost, ignoreIntrospection: true, ...report }),
      maxDirectivesRule({ n: QUERY_LIMITS.directives, ...report }),
      maxMutationFieldsRule(config.graphql.maxMutationFields),
      ...(config.graphql.introspection ? [] : [noIntrospectionRule]),
    ];
    this.runner = new OperationRunner(this.schema, config.graphql.compileAfterRuns);
  }

  /** The request's result; never throws (a failure is a result with errors). */
  async execute(request: GraphqlRequest, contextValue: Context): Promise<GraphqlResult> {
    const hooks = this.plugins.map((plugin) => plugin.requestDidStart());
    const result = await this.run(request, contextValue, hooks).catch((error: unknown) => this.failed([error]));
    if (!this.suggestions) for (const error of result.body.errors ?? []) hideSuggestion(error);
    await Promise.all(hooks.map((hook) => hook.willSendResponse?.({ contextValue, result }) ?? Promise.resolve()));
    return result;
  }

  /** A request refused before its operation ran: 500 unless its errors say otherwise. */
  private failed(errors: readonly unknown[]): GraphqlResult {
    const formatted = formatErrors(errors);
    return {
      status: formatted.http.status ?? 500,
      headers: formatted.http.headers,
      body: { errors: formatted.errors },
    };
  }

  /** The document of `query`, parsed and validated (once per container), or the errors refusing it. */
  private document(query: string): DocumentNode | GraphQLError[] {
    const known = this.documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: QUERY_LIMITS.tokens });
    } catch (error) {
      return [refusedWith(ensureGraphQLError(error), "GRAPHQL_PARSE_FAILED")];
    }
    const invalid = validate(this.schema, document, this.rules);
    if (invalid.length > 0) {
      return invalid.map((error) => {
        // Apollo Server's way, where suggestions are off: the suggestion is cut from the message.
        const message = this.suggestions ? error.message : error.message.replace(/ ?Did you mean(.+?)\?$/, "");
        return refusedWith(error, "GRAPHQL_VALIDATION_FAILED", message);
      });
    }
    this.documents.set(query, document);
    return document;
  }

  private async run(
    request: GraphqlRequest,
    contextValue: Context,
    hooks: RequestHooks<Context>[],
  ): Promise<GraphqlResult> {
    if (request.extensions?.persistedQuery) {
      // 200, as Apollo Server answered: clients that try persisted queries first then send the query.
      const http: HttpHead = { status: 200, headers: new Map() };
      return this.failed([
        new GraphQLError("PersistedQueryNotSupported", { extensions: { code: "PERSISTED_QUERY_NOT_SUPPORTED", http } }),
      ]);
    }
    if (!request.query) {
      return this.failed([
        badRequest("GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension."),
      ]);
    }
    const document = this.document(request.query);
    if (Array.isArray(document)) return this.failed(document);
    const operation = getOperationAST(document, request.operationName) ?? undefined;
    if (request.method === "GET" && operation && operation.operation !== OperationTypeNode.QUERY) {
      return this.failed([
        badRequest(`GET requests only support query operations, not ${operation.operation} operations`, 405, {
          allow: "POST",
        }),
      ]);
    }
    try {
      await Promise.all(
        hooks.map((hook) => hook.didResolveOperation?.({ document, operation, contextValue }) ?? Promise.resolve()),
      );
    } catch (error) {
      return this.failed([error]);
    }
    if (!operation) {
      const unresolved = this.runner.unresolved(document, request.operationName);
      return this.failed([refusedWith(unresolved, "OPERATION_RESOLUTION_FAILURE")]);
    }
    const result: ExecutionResult = await this.runner.run(document, operation, contextValue, request.variables);
    if (!result.errors?.length) return { headers: new Map(), body: { data: result.data } };
    const formatted = formatErrors(result.errors);
    // Variables that could not be coerced: nothing ran, and the request was at fault.
    const status = formatted.http.status ?? (result.data === undefined ? 400 : undefined);
    return { status, headers: formatted.http.headers, body: { errors: formatted.errors, data: result.data } };
  }
}

/** graphql-armor's mask, on every error of the answer, where suggestions are off. */
function hideSuggestion(error: GraphQLFormattedError): void {
  (error as { message: string }).message = error.message.replace(SUGGESTION, "[Suggestion hidden]");
}
