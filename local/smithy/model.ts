/**
 * Smithy models in their JSON AST form (https://smithy.io/2.0/spec/json-ast.html), as AWS publishes
 * them: shapes resolved into a tree that routing, binding, validation and serialization walk. A
 * member's traits are its target's traits with the member's own laid over them, as Smithy applies them.
 */
import { readFileSync } from "node:fs";

export type Traits = Readonly<Record<string, unknown>>;

export type ShapeType =
  | "string"
  | "enum"
  | "integer"
  | "intEnum"
  | "long"
  | "short"
  | "byte"
  | "float"
  | "double"
  | "bigInteger"
  | "bigDecimal"
  | "boolean"
  | "timestamp"
  | "blob"
  | "document"
  | "list"
  | "map"
  | "structure"
  | "union";

export interface Shape {
  /** Absolute shape id, e.g. `com.amazonaws.chimesdkmessaging#ChimeArn`. */
  id: string;
  type: ShapeType;
  traits: Traits;
  /** Structures and unions, in the model's order. */
  members: Member[];
  /** Lists. */
  member?: Member;
  /** Maps. */
  key?: Member;
  value?: Member;
  /** Enum and intEnum values in the model's order, or a string's legacy `smithy.api#enum` values. */
  enumValues?: (string | number)[];
}

export interface Member {
  name: string;
  target: Shape;
  /** The target's traits with the member's own laid over them. */
  traits: Traits;
}

export interface Operation {
  name: string;
  input: Shape;
  output: Shape;
  traits: Traits;
}

export interface ServiceModel {
  /** The SDK id without spaces (`ChimeSDKMessaging`, `STS`): how the endpoint names the service. */
  name: string;
  traits: Traits;
  operations: Operation[];
}

interface AstMember {
  target: string;
  traits?: Record<string, unknown>;
}

interface AstShape {
  type: string;
  traits?: Record<string, unknown>;
  members?: Record<string, AstMember>;
  member?: AstMember;
  key?: AstMember;
  value?: AstMember;
  input?: { target: string };
  output?: { target: string };
  operations?: { target: string }[];
  resources?: { target: string }[];
}

interface AstModel {
  smithy: string;
  shapes: Record<string, AstShape>;
}

const PRELUDE = "smithy.api#";
const UNIT = `${PRELUDE}Unit`;

/** `smithy.api#String` -> string, `smithy.api#PrimitiveBoolean` -> boolean, ... */
function preludeType(id: string): ShapeType {
  const name = id.slice(PRELUDE.length).replace(/^Primitive/, "");
  const type = `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  if (type === "bigInteger" || type === "bigDecimal") return type;
  if (!SCALAR_TYPES.has(type)) throw new Error(`Unknown prelude shape ${id}`);
  return type as ShapeType;
}

const SCALAR_TYPES = new Set([
  "string",
  "integer",
  "long",
  "short",
  "byte",
  "float",
  "double",
  "boolean",
  "timestamp",
  "blob",
  "document",
]);

const AGGREGATE_TYPES = new Set(["list", "set", "map", "structure", "union", "enum", "intEnum"]);

export function loadServiceModel(path: string): ServiceModel {
  return readServiceModel(JSON.parse(readFileSync(path, "utf8")) as AstModel);
}

export function readServiceModel(ast: AstModel): ServiceModel {
  const resolved = new Map<string, Shape>();

  function shape(id: string): Shape {
    const known = resolved.get(id);
    if (known) return known;
    if (id === UNIT) return remember({ id, type: "structure", traits: {}, members: [] });
    if (id.startsWith(PRELUDE)) return remember({ id, type: preludeType(id), traits: {}, members: [] });
    const ast = asts[id];
    if (!ast) throw new Error(`The model has no shape ${id}`);
    const type = ast.type === "set" ? "list" : ast.type;
    if (!SCALAR_TYPES.has(type) && !AGGREGATE_TYPES.has(type) && type !== "bigInteger" && type !== "bigDecimal") {
      throw new Error(`${id} is a ${ast.type}, not a data shape`);
    }
    // Remembered before its members resolve, so that recursive shapes end.
    const result = remember({ id, type: type as ShapeType, traits: ast.traits ?? {}, members: [] });
    if (type === "structure" || type === "union") {
      for (const [name, member] of Object.entries(ast.members ?? {})) result.members.push(memberOf(name, member));
    } else if (type === "enum" || type === "intEnum") {
      result.enumValues = Object.entries(ast.members ?? {}).map(
        ([name, member]) => (member.traits?.[`${PRELUDE}enumValue`] as string | number | undefined) ?? name,
      );
    } else if (type === "list") {
      result.member = memberOf("member", ast.member as AstMember);
    } else if (type === "map") {
      result.key = memberOf("key", ast.key as AstMember);
      result.value = memberOf("value", ast.value as AstMember);
    }
    const legacyEnum = result.traits[`${PRELUDE}enum`] as { value: string }[] | undefined;
    if (legacyEnum) result.enumValues = legacyEnum.map((entry) => entry.value);
    return result;
  }

  function remember(value: Shape): Shape {
    resolved.set(value.id, value);
    return value;
  }

  function memberOf(name: string, member: AstMember): Member {
    const target = shape(member.target);
    return { name, target, traits: { ...target.traits, ...member.traits } };
  }

  const asts = ast.shapes;
  const services = Object.entries(asts).filter(([, value]) => value.type === "service");
  if (services.length !== 1) throw new Error(`A model file holds one service, this one ${services.length}`);
  const [, service] = services[0];
  const sdkId = (service.traits?.["aws.api#service"] as { sdkId?: string } | undefined)?.sdkId;
  if (!sdkId) throw new Error("The service has no aws.api#service sdkId");

  // Operations bound to the service directly or through its resources.
  const operationIds: string[] = [];
  const collect = (container: AstShape) => {
    for (const { target } of container.operations ?? []) operationIds.push(target);
    for (const { target } of container.resources ?? []) collect(asts[target]);
  };
  collect(service);

  return {
    name: sdkId.replace(/\s+/g, ""),
    traits: service.traits ?? {},
    operations: operationIds.map((id) => {
      const operation = asts[id];
      return {
        name: id.slice(id.indexOf("#") + 1),
        input: shape(operation.input?.target ?? UNIT),
        output: shape(operation.output?.target ?? UNIT),
        traits: operation.traits ?? {},
      };
    }),
  };
}

/** Trait names of the Smithy prelude. */
export const trait = {
  required: `${PRELUDE}required`,
  length: `${PRELUDE}length`,
  range: `${PRELUDE}range`,
  pattern: `${PRELUDE}pattern`,
  sensitive: `${PRELUDE}sensitive`,
  idempotencyToken: `${PRELUDE}idempotencyToken`,
  http: `${PRELUDE}http`,
  httpLabel: `${PRELUDE}httpLabel`,
  httpHeader: `${PRELUDE}httpHeader`,
  httpQuery: `${PRELUDE}httpQuery`,
  httpQueryParams: `${PRELUDE}httpQueryParams`,
  httpPayload: `${PRELUDE}httpPayload`,
  httpPrefixHeaders: `${PRELUDE}httpPrefixHeaders`,
  httpResponseCode: `${PRELUDE}httpResponseCode`,
  jsonName: `${PRELUDE}jsonName`,
  timestampFormat: `${PRELUDE}timestampFormat`,
  xmlName: `${PRELUDE}xmlName`,
  xmlFlattened: `${PRELUDE}xmlFlattened`,
} as const;

export const hasTrait = (traits: Traits, name: string) => traits[name] !== undefined;
