/**
 * Reading a packaged CloudFormation template as CloudFormation would: intrinsic functions evaluated
 * against a made-up stack (plausible ids and ARNs for the resources, pseudo parameters, conditions),
 * and the template's dependency graph (references and DependsOn) for cycles and dangling references,
 * which CloudFormation itself only reports at deploy time. Used by the tests on the packaged
 * templates and by `npm run deploy:check` (deploy/templateChecks.ts).
 */

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/** What `Ref: AWS::NoValue` evaluates to: the property it stands for is left out. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

export interface FakeStack {
  partition: string;
  region: string;
  accountId: string;
  stackName: string;
  /** `Ref` of resources. */
  refs: Record<string, string>;
  /** `Fn::GetAtt` of resources: logical id -> attribute -> value. */
  attributes: Record<string, Record<string, string>>;
}

type Json = unknown;

function pseudo(stack: FakeStack, name: string): string | undefined {
  const values: Record<string, string> = {
    "AWS::Partition": stack.partition,
    "AWS::Region": stack.region,
    "AWS::AccountId": stack.accountId,
    "AWS::StackName": stack.stackName,
    "AWS::URLSuffix": "amazonaws.com",
  };
  return values[name];
}

function only(node: Record<string, unknown>): [string, unknown] | undefined {
  const keys = Object.keys(node);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::") || keys[0] === "Condition")
    ? [keys[0], node[keys[0]]]
    : undefined;
}

/** `Fn::GetAtt: [Resource, Attribute]` or `Resource.Attribute`. */
function getAttArguments(argument: unknown): [string, string] {
  const [resource, attribute] = Array.isArray(argument) ? (argument as unknown[]) : String(argument).split(".");
  return [String(resource), String(attribute)];
}

export class Evaluator {
  constructor(
    private readonly template: Template,
    private readonly stack: FakeStack,
  ) {}

  condition(name: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`No condition ${name}`);
    const value = this.evaluate(definition);
    if (typeof value !== "boolean") throw new Error(`Condition ${name} is not a boolean`);
    return value;
  }

  private ref(name: string): string | typeof NO_VALUE {
    if (name === "AWS::NoValue") return NO_VALUE;
    const value = pseudo(this.stack, name) ?? this.stack.refs[name];
    if (value === undefined) throw new Error(`Ref ${name}: not in the fake stack`);
    return value;
  }

  private getAtt(resource: string, attribute: string): string {
    const value = this.stack.attributes[resource]?.[attribute];
    if (value === undefined) throw new Error(`Fn::GetAtt ${resource}.${attribute}: not in the fake stack`);
    return value;
  }

  private sub(template: string, variables: Record<string, Json>): string {
    return template.replace(/\$\{(!?)([^}]*)\}/g, (_, escape: string, name: string) => {
      if (escape === "!") return `\${${name}}`;
      if (name in variables) return String(this.evaluate(variables[name]));
      const dot = name.indexOf(".");
      if (dot > 0 && !name.startsWith("AWS::")) return this.getAtt(name.slice(0, dot), name.slice(dot + 1));
      return String(this.ref(name));
    });
  }

  /** The value CloudFormation would give `node`. */
  evaluate(node: Json): Json {
    if (Array.isArray(node)) return node.map((item) => this.evaluate(item)).filter((item) => item !== NO_VALUE);
    if (node === null || typeof node !== "object") return node;
    const fn = only(node as Record<string, unknown>);
    if (!fn) {
      return Object.fromEntries(
        Object.entries(node)
          .map(([key, value]) => [key, this.evaluate(value)])
          .filter(([, value]) => value !== NO_VALUE),
      );
    }
    const [name, argument] = fn;
    switch (name) {
      case "Ref":
        return this.ref(argument as string);
      case "Fn::GetAtt": {
        const [resource, attribute] = getAttArguments(argument);
        return this.getAtt(resource, attribute);
      }
      case "Fn::Sub": {
        if (typeof argument === "string") return this.sub(argument, {});
        const [template, variables] = argument as [string, Record<string, Json>];
        return this.sub(template, variables);
      }
      case "Fn::Join": {
        const [separator, items] = argument as [string, Json[]];
        return (this.evaluate(items) as Json[]).map(String).join(separator);
      }
      case "Fn::If": {
        const [condition, ifTrue, ifFalse] = argument as [string, Json, Json];
        return this.evaluate(this.condition(condition) ? ifTrue : ifFalse);
      }
      case "Fn::Equals": {
        const [a, b] = this.evaluate(argument) as [Json, Json];
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case "Fn::Not":
        return !(this.evaluate((argument as Json[])[0]) as boolean);
      case "Condition":
        return this.condition(argument as string);
      default:
        throw new Error(`${name} is not evaluated by this test helper`);
    }
  }
}

/** Logical ids a node refers to (Ref, GetAtt, the names in Fn::Sub templates), pseudo parameters aside. */
export function references(node: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) references(item, out);
    return out;
  }
  if (node === null || typeof node !== "object") return out;
  const fn = only(node as Record<string, unknown>);
  if (fn) {
    const [name, argument] = fn;
    if (name === "Ref" && typeof argument === "string" && !argument.startsWith("AWS::")) out.add(argument);
    if (name === "Fn::GetAtt") {
      out.add(getAttArguments(argument)[0]);
    }
    if (name === "Fn::Sub") {
      const [template, variables] = typeof argument === "string" ? [argument, {}] : (argument as [string, object]);
      for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const target = match[1].split(".")[0];
        if (!target.startsWith("AWS::") && !(target in variables)) out.add(target);
      }
      references(variables, out);
      return out;
    }
    references(argument, out);
    return out;
  }
  for (const value of Object.values(node)) references(value, out);
  return out;
}

/** Each resource's dependencies: what it references plus its DependsOn. */
export function dependencies(template: Template): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const on = references(resource.Properties ?? {});
    for (const dependency of [resource.DependsOn ?? []].flat()) on.add(dependency);
    graph.set(id, on);
  }
  return graph;
}

/** A dependency cycle as a path of logical ids, or undefined. */
export function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * A made-up stack for any template (`npm run deploy:check`): each resource's `Ref` is
 * `<LogicalId>-id`, and each attribute `<LogicalId>.<Attribute>`, enough to evaluate conditions and
 * see what refers to what.
 */
export function placeholderStack(
  template: Template,
  { region = "us-east-1", accountId = "123456789012" }: { region?: string; accountId?: string } = {},
): FakeStack {
  const ids = Object.keys(template.Resources);
  const attributes = new Proxy(
    {},
    {
      get: (_, resource: string) =>
        ids.includes(resource)
          ? new Proxy({}, { get: (__, attribute: string) => `${resource}.${attribute}` })
          : undefined,
    },
  );
  return {
    partition: "aws",
    region,
    accountId,
    stackName: "stack",
    refs: Object.fromEntries(ids.map((id) => [id, `${id}-id`])),
    attributes,
  };
}
