/**
 * Running a validated operation against the schema, compiled once it has been run before.
 *
 * graphql-jit compiles an operation to a function that resolves and completes its fields without
 * graphql-js's per-field machinery: a page of 50 messages executes and serializes in about a fifth of
 * graphql-js's time (docs/deploy.md, "A request's cost"). Compiling costs 0.2-0.8 ms an operation
 * (about 4 ms for a container's first), so an operation's first run in a container (a cold start's,
 * say) goes through graphql-js, and by default its second is compiled (`GRAPHQL_COMPILE_AFTER`).
 * Both give the same result and errors for the same operation (test/api/execution.test.ts).
 *
 * Compiled code is memory an operation's author chooses the size of, so it is bounded: at most
 * `COMPILED_OPERATIONS` operations are kept compiled (the least recently run go first), and an
 * operation of more than `MAX_COMPILED_FIELDS` fields, fragments expanded, is never compiled
 * (graphql-js runs it, as it runs everything the first time).
 */
import {
  execute,
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { buildExecutionContext } from "graphql/execution/execute";
import { getVariableValues } from "graphql/execution/values";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";

/** Operations kept compiled; an app has tens of them. */
const COMPILED_OPERATIONS = 100;
/**
 * Fields of an operation, fragments expanded (a list's items share theirs), beyond which it is not
 * compiled. Compiled code takes about 1.5 KB a field here (a page of messages with every field, 25
 * fields: 40 KB), so at most about 75 MB in all.
 */
const MAX_COMPILED_FIELDS = 500;

/** The fields an operation selects, fragments expanded, counted up to `limit` + 1. */
export function expandedFieldCount(document: DocumentNode, operation: OperationDefinitionNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const perFragment = new Map<string, number>();
  const count = (set: SelectionSetNode, visiting: ReadonlySet<string>): number => {
    let fields = 0;
    for (const selection of set.selections) {
      if (fields > limit) break;
      if (selection.kind === Kind.FIELD) {
        fields += 1 + (selection.selectionSet ? count(selection.selectionSet, visiting) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        fields += count(selection.selectionSet, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is a validation error; a document that got here has none, but a count never loops.
        if (!fragment || visiting.has(name)) continue;
        let expanded = perFragment.get(name);
        if (expanded === undefined) {
          expanded = count(fragment.selectionSet, new Set([...visiting, name]));
          perFragment.set(name, expanded);
        }
        fields += expanded;
      }
    }
    return Math.min(fields, limit + 1);
  };
  return count(operation.selectionSet, new Set());
}

export class OperationRunner {
  /** How often each operation (of a document the document cache keeps) has run. */
  private readonly runs = new WeakMap<OperationDefinitionNode, number>();
  /** Compiled operations; `none` for one graphql-jit could not or may not compile (graphql-js runs it). */
  private readonly compiled = new LRUCache<OperationDefinitionNode, CompiledQuery | { none: true }>({
    max: COMPILED_OPERATIONS,
  });

  /** `compileAfterRuns`: runs of an operation before it is compiled (1: its second); undefined: never. */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compileAfterRuns: number | undefined,
  ) {}

  run(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    contextValue: unknown,
    variables: Record<string, unknown> | undefined,
  ): Promise<ExecutionResult> {
    // Variables are checked here, the same way on both paths: graphql-jit coerces them too, but words
    // its refusals its own way and without the variable's location. A refusal is the caller's
    // BAD_USER_INPUT, and nothing runs.
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) {
      return Promise.resolve({
        errors: coerced.errors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              originalError: error.originalError,
              extensions: { ...error.extensions, code: "BAD_USER_INPUT" },
            }),
        ),
      });
    }
    const compiled = this.compiledFor(document, operation);
    if (compiled) return Promise.resolve(compiled.query(undefined, contextValue, variables));
    return Promise.resolve(
      execute({
        schema: this.schema,
        document,
        operationName: operation.name?.value,
        contextValue,
        variableValues: variables,
      }),
    );
  }

  /** The operation's compiled form, compiling it now if this is the run to; undefined: graphql-js runs it. */
  private compiledFor(document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | undefined {
    const known = this.compiled.get(operation);
    if (known) return "none" in known ? undefined : known;
    const runs = this.runs.get(operation) ?? 0;
    this.runs.set(operation, runs + 1);
    if (this.compileAfterRuns === undefined || runs < this.compileAfterRuns) return undefined;
    let compiled: CompiledQuery | undefined;
    if (expandedFieldCount(document, operation, MAX_COMPILED_FIELDS) <= MAX_COMPILED_FIELDS) {
      const result = compileQuery(this.schema, document, operation.name?.value, {
        // Leaf values are serialized by their types, as graphql-js does; the result is JSON.stringify'd.
        customJSONSerializer: false,
      });
      if (isCompiledQuery(result)) compiled = result;
    }
    this.compiled.set(operation, compiled ?? { none: true });
    return compiled;
  }

  /** Why the document has no operation to run under this name, in graphql-js's words. */
  unresolved(document: DocumentNode, operationName: string | undefined): GraphQLError {
    const context = buildExecutionContext({ schema: this.schema, document, operationName });
    return Array.isArray(context) && context.length > 0
      ? (context[0] as GraphQLError)
      : new GraphQLError("The document has no operation to run.");
  }
}
