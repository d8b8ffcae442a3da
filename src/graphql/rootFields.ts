/**
 * The root fields an operation runs, fragments and inline fragments expanded, aliases counted one by
 * one (`a: createChannel` and `b: createChannel` are two calls). `__typename` runs nothing and is
 * left out. Used to bound mutation documents (maxMutationFieldsRule) and to charge the per-user
 * limits (limits.ts) before anything executes.
 */
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";

export function rootFields(
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): FieldNode[] {
  const fields: FieldNode[] = [];
  // A fragment cycle is its own validation error; here each fragment is expanded once per path.
  const walk = (set: SelectionSetNode, seen: ReadonlySet<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== "__typename") fields.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const definition = fragment(name);
        if (definition && !seen.has(name)) walk(definition.selectionSet, new Set([...seen, name]));
      }
    }
  };
  walk(selectionSet, new Set());
  return fields;
}

/**
 * A mutation document runs at most `max` root fields (each a Chime or STS call, or several): more is a
 * validation error (GRAPHQL_VALIDATION_FAILED, HTTP 400) before anything runs. graphql-armor's alias
 * limit counts aliases anywhere in a document and not the fields themselves, so it cannot say this.
 */
export function maxMutationFieldsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.MUTATION) return;
      const count = rootFields(operation.selectionSet, (name) => context.getFragment(name)).length;
      if (count > max) {
        context.reportError(
          new GraphQLError(
            `A mutation may run at most ${max} fields (aliases count); this one has ${count}. Send them in several requests.`,
            { nodes: [operation], extensions: { limit: max } },
          ),
        );
      }
    },
  });
}
