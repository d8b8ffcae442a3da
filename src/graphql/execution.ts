/**
 * Running a validated operation against the schema, compiled once it has been run before.
 *
 * graphql-jit compiles an operation to a function that resolves and completes its fields without
 * graphql-js's per-field machinery: a page of 50 messages executes and serializes in about a fifth of
 * graphql-js's time (docs/deploy.md, "A request's cost"). Compiling costs 0.2-0.8 ms an operation
 * (about 4 ms for a container's first), so an operation's first run in a container (a cold start's,
 * say) goes through graphql-js, and by default its second is compiled (`GRAPHQL_COMPILE_AFTER`),
 * kept beside the document for as long as the document cache keeps the document.
 * Both give the same result and errors for the same operation (test/api/execution.test.ts).
 */
import {
  execute,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { buildExecutionContext } from "graphql/execution/execute";
import { getVariableValues } from "graphql/execution/values";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/** An operation of a kept document: how often it ran, and its compiled form once it has one. */
interface Prepared {
  runs: number;
  /** Its compiled form; null when graphql-jit could not compile it (graphql-js runs it then). */
  compiled?: CompiledQuery | null;
}

export class OperationRunner {
  /** Per document (the document cache's own objects), per operation. */
  private readonly prepared = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Prepared>>();

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
    let operations = this.prepared.get(document);
    if (!operations) this.prepared.set(document, (operations = new Map<OperationDefinitionNode, Prepared>()));
    let prepared = operations.get(operation);
    if (!prepared) operations.set(operation, (prepared = { runs: 0 }));
    if (
      prepared.compiled === undefined &&
      this.compileAfterRuns !== undefined &&
      prepared.runs >= this.compileAfterRuns
    ) {
      const compiled = compileQuery(this.schema, document, operation.name?.value, {
        // Leaf values are serialized by their types, as graphql-js does; the result is JSON.stringify'd.
        customJSONSerializer: false,
      });
      prepared.compiled = isCompiledQuery(compiled) ? compiled : null;
    }
    prepared.runs += 1;
    if (prepared.compiled) {
      // graphql-jit coerces the variables itself, but words its refusals its own way and without the
      // variable's location: graphql-js's check first, so that a refusal reads the same either way.
      const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) return Promise.resolve({ errors: coerced.errors });
      return Promise.resolve(prepared.compiled.query(undefined, contextValue, variables));
    }
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

  /** Why the document has no operation to run under this name, in graphql-js's words. */
  unresolved(document: DocumentNode, operationName: string | undefined): GraphQLError {
    const context = buildExecutionContext({ schema: this.schema, document, operationName });
    return Array.isArray(context) && context.length > 0
      ? (context[0] as GraphQLError)
      : new GraphQLError("The document has no operation to run.");
  }
}
