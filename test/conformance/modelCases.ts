/**
 * Conformance cases generated from the official models (local/models), read here directly from their
 * JSON and not through the endpoint's own model code: for every operation, a valid input (its required
 * members, at every depth), and for every constrained member at every depth (header, label, query,
 * body, nested structures, list items, map keys and values) one input that breaks one constraint, with
 * the error AWS's services answer for it. What the message reads like is the endpoint's documented
 * reading of AWS's wording (docs/local-endpoint.md): `N validation errors detected: Value '<value>' at
 * '<member>' failed to satisfy constraint: <constraint>`, the value left out for @sensitive members,
 * scalars inside a collection reported at the collection with all their constraints.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

type Traits = Record<string, unknown>;

interface AstMember {
  target: string;
  traits?: Traits;
}

interface AstShape {
  type: string;
  traits?: Traits;
  members?: Record<string, AstMember>;
  member?: AstMember;
  key?: AstMember;
  value?: AstMember;
  input?: { target: string };
  operations?: { target: string }[];
}

export interface ModelOperation {
  name: string;
  inputId: string | undefined;
  http?: { method: string; uri: string };
}

export interface Model {
  /** The SDK id without spaces, as the endpoint names the service: `ChimeSDKMessaging`, `STS`. */
  service: string;
  /** The HTTP status the model gives an error shape (`@httpError`), by its name. */
  errorStatus(name: string): number | undefined;
  operations: ModelOperation[];
  shapes: Record<string, AstShape>;
}

export function readModel(file: string): Model {
  const ast = JSON.parse(readFileSync(join(__dirname, "..", "..", "local", "models", file), "utf8")) as {
    shapes: Record<string, AstShape>;
  };
  const [, service] = Object.entries(ast.shapes).find(([, shape]) => shape.type === "service") as [string, AstShape];
  const sdkId = (service.traits?.["aws.api#service"] as { sdkId: string }).sdkId;
  return {
    service: sdkId.replace(/\s+/g, ""),
    errorStatus: (name) =>
      Object.entries(ast.shapes).find(([id]) => id.endsWith(`#${name}`))?.[1].traits?.["smithy.api#httpError"] as
        number | undefined,
    shapes: ast.shapes,
    operations: (service.operations ?? []).map(({ target }) => {
      const operation = ast.shapes[target];
      return {
        name: target.slice(target.indexOf("#") + 1),
        inputId: operation.input?.target,
        http: operation.traits?.["smithy.api#http"] as { method: string; uri: string } | undefined,
      };
    }),
  };
}

/** Where a member travels in restJson1, for the requests the SDKs cannot be made to send. */
export type Location = { label: string } | { header: string } | { query: string } | "body";

export interface Case {
  /** What is broken, for the test's report: `ChannelArn: pattern`. */
  description: string;
  input: Record<string, unknown>;
  /** The SDK cannot send it (it fills idempotency tokens, refuses empty labels): raw signed HTTP. */
  raw: boolean;
  /** The part of the message that names this violation. */
  expected: string | RegExp;
}

interface Resolved {
  id: string;
  shape: AstShape;
  traits: Traits;
}

const REQUIRED = "smithy.api#required";
const SENSITIVE = "smithy.api#sensitive";
const DISTINCT = "NOT_A_VALUE_OF_THE_MODEL";

const lowerFirst = (name: string) => `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
const join2 = (parent: string, name: string) => (parent ? `${parent}.${lowerFirst(name)}` : lowerFirst(name));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const codePoints = (text: string) => [...text].length;

/** A pattern as Smithy defines it (ECMA 262, searched, not anchored), with AWS's supplementary range. */
function patternOf(pattern: string): RegExp {
  const supplementary = pattern.includes("\\u10000-\\u10FFFF");
  const source = pattern.replace("\\u10000-\\u10FFFF", "\\u{10000}-\\u{10FFFF}");
  return new RegExp(source, supplementary || /\\[pP]\{/.test(pattern) ? "u" : "");
}

/** Values the generic candidates cannot produce (patterns with a fixed shape), by shape name. */
const SAMPLES: Record<string, string> = {
  ChimeArn: "arn:aws:chime:us-east-1:111122223333:app-instance/conformance/user/someone",
  SensitiveChimeArn: "arn:aws:chime:us-east-1:111122223333:app-instance/conformance/user/someone",
  arnType: "arn:aws:iam::111122223333:role/conformance",
  LambdaFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:conformance",
  LexBotAliasArn: "arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/ABCDEFGHIJ",
  tokenCodeType: "123456",
};

export class CaseBuilder {
  constructor(private readonly model: Model) {}

  private resolve(target: string, memberTraits: Traits = {}): Resolved {
    const shape: AstShape = target.startsWith("smithy.api#")
      ? {
          type: target
            .slice("smithy.api#".length)
            .replace(/^Primitive/, "")
            .toLowerCase(),
        }
      : this.model.shapes[target];
    if (!shape) throw new Error(`No shape ${target}`);
    return { id: target, shape, traits: { ...shape.traits, ...memberTraits } };
  }

  /** Where each input member travels. */
  locations(inputId: string): Record<string, Location> {
    const input = this.resolve(inputId).shape;
    return Object.fromEntries(
      Object.entries(input.members ?? {}).map(([name, member]) => {
        const traits = member.traits ?? {};
        const location: Location =
          traits["smithy.api#httpLabel"] !== undefined
            ? { label: name }
            : typeof traits["smithy.api#httpHeader"] === "string"
              ? { header: traits["smithy.api#httpHeader"] }
              : typeof traits["smithy.api#httpQuery"] === "string"
                ? { query: traits["smithy.api#httpQuery"] }
                : "body";
        return [name, location];
      }),
    );
  }

  /** A valid value: required members only, the smallest collections, the first enum value. */
  valid(resolved: Resolved, depth = 0): unknown {
    const { shape, traits, id } = resolved;
    if (depth > 8) throw new Error(`${id} nests too deep`);
    switch (shape.type) {
      case "structure":
      case "union": {
        const members = Object.entries(shape.members ?? {});
        const required = members.filter(([, m]) => m.traits?.[REQUIRED]);
        // A nested structure with nothing required still carries one member, or awsQuery would not send it.
        const chosen = shape.type === "union" || (required.length === 0 && depth > 0) ? members.slice(0, 1) : required;
        return Object.fromEntries(
          chosen.map(([name, m]) => [name, this.valid(this.resolve(m.target, m.traits), depth + 1)]),
        );
      }
      case "list": {
        const count = Math.max(1, lengthOf(traits).min ?? 1);
        const member = shape.member as AstMember;
        return Array.from({ length: count }, () => this.valid(this.resolve(member.target, member.traits), depth + 1));
      }
      case "map": {
        const key = shape.key as AstMember;
        const value = shape.value as AstMember;
        return {
          [this.valid(this.resolve(key.target, key.traits)) as string]: this.valid(
            this.resolve(value.target, value.traits),
            depth + 1,
          ),
        };
      }
      case "enum":
        return (enumValues(shape) as string[])[0];
      case "integer":
      case "long":
      case "short":
      case "byte": {
        const range = rangeOf(traits);
        return range.min ?? (range.max !== undefined ? Math.min(1, range.max) : 1);
      }
      case "boolean":
        return false;
      case "timestamp":
        return new Date("2024-01-02T03:04:05Z");
      case "string": {
        const found = this.stringCandidates(resolved).find((candidate) => satisfies(resolved, candidate));
        if (found === undefined) throw new Error(`No valid sample for ${id}: add one to SAMPLES`);
        return found;
      }
      default:
        throw new Error(`${id}: a ${shape.type} the conformance cases do not generate`);
    }
  }

  private stringCandidates({ id, traits }: Resolved): string[] {
    const enumList = traits["smithy.api#enum"] as { value: string }[] | undefined;
    if (enumList) return [enumList[0].value];
    const size = Math.max(lengthOf(traits).min ?? 1, 1);
    const sample = SAMPLES[id.slice(id.indexOf("#") + 1)];
    return [...(sample ? [sample] : []), "a".repeat(size), "A".repeat(size), "1".repeat(size)];
  }

  /** A valid input of an operation. */
  validInput(inputId: string): Record<string, unknown> {
    return this.valid(this.resolve(inputId)) as Record<string, unknown>;
  }

  /** The cases of one operation: each breaks one constraint of one member, the rest being valid. */
  cases(inputId: string): Case[] {
    const input = this.resolve(inputId);
    const locations = this.locations(inputId);
    const baseline = this.validInput(inputId);
    const cases: Case[] = [];
    for (const [name, member] of Object.entries(input.shape.members ?? {})) {
      const location = locations[name];
      const isLabel = typeof location === "object" && "label" in location;
      const resolved = this.resolve(member.target, member.traits);
      for (const violation of this.violations(resolved, lowerFirst(name), name)) {
        const input = { ...baseline };
        if (violation.value === undefined) delete input[name];
        else input[name] = violation.value;
        // A label cannot be missing on the wire, only empty: its length case covers it.
        if (violation.value === undefined && isLabel) continue;
        const idempotencyToken = member.traits?.["smithy.api#idempotencyToken"] !== undefined;
        cases.push({
          description: violation.description,
          input,
          raw: (violation.value === undefined && idempotencyToken) || (isLabel && violation.value === ""),
          expected: violation.expected,
        });
      }
    }
    return cases;
  }

  /** Ways to break one member: its value (undefined: left out) and the message part that names it. */
  private violations(
    resolved: Resolved,
    path: string,
    label: string,
    depth = 0,
  ): { description: string; value: unknown; expected: string | RegExp }[] {
    const { shape, traits } = resolved;
    const out: { description: string; value: unknown; expected: string | RegExp }[] = [];
    const detail = (value: string | null, constraint: string) =>
      `${value === null ? "Value null" : sensitive(traits) ? "Value" : `Value '${value}'`} at '${path}' ` +
      `failed to satisfy constraint: ${constraint}`;
    const anyValue = (constraint: string) =>
      new RegExp(`Value( '.*')? at '${escapeRegExp(path)}' failed to satisfy constraint: ${escapeRegExp(constraint)}`);
    if (traits[REQUIRED] !== undefined) {
      out.push({
        description: `${label}: required`,
        value: undefined,
        expected: detail(null, "Member must not be null"),
      });
    }
    if (depth > 6) return out;
    const length = lengthOf(traits);
    switch (shape.type) {
      case "structure":
      case "union":
        for (const [name, member] of Object.entries(shape.members ?? {})) {
          const nested = this.resolve(member.target, member.traits);
          const base = this.valid(resolved, depth + 1) as Record<string, unknown>;
          for (const violation of this.violations(nested, join2(path, name), `${label}.${name}`, depth + 1)) {
            const value = { ...base };
            if (violation.value === undefined) delete value[name];
            else value[name] = violation.value;
            out.push({ ...violation, value });
          }
        }
        return out;
      case "list": {
        const item = this.resolve((shape.member as AstMember).target, (shape.member as AstMember).traits);
        const validItem = () => this.valid(item, depth + 1);
        if (length.max !== undefined) {
          const constraint = `Member must have length less than or equal to ${length.max}`;
          const value = Array.from({ length: length.max + 1 }, validItem);
          out.push({ description: `${label}: ${length.max + 1} items`, value, expected: anyValue(constraint) });
        }
        if (length.min !== undefined && length.min > 0) {
          const constraint = `Member must have length greater than or equal to ${length.min}`;
          const value = Array.from({ length: length.min - 1 }, validItem);
          out.push({ description: `${label}: ${length.min - 1} items`, value, expected: anyValue(constraint) });
        }
        if (isAggregate(item.shape)) {
          for (const violation of this.violations(item, `${path}.1.member`, `${label}[0]`, depth + 1)) {
            if (violation.value !== undefined) out.push({ ...violation, value: [violation.value] });
          }
        } else {
          const constraint = `Member must satisfy constraint: [${constraintTexts(item).join(", ")}]`;
          for (const broken of this.brokenScalars(item)) {
            out.push({
              description: `${label}[0]: ${broken.kind}`,
              value: [broken.value],
              expected: anyValue(constraint),
            });
          }
        }
        return out;
      }
      case "map": {
        const key = this.resolve((shape.key as AstMember).target, (shape.key as AstMember).traits);
        const entry = this.resolve((shape.value as AstMember).target, (shape.value as AstMember).traits);
        const validKey = this.valid(key) as string;
        const validValue = this.valid(entry, depth + 1);
        const keyConstraint = `Map keys must satisfy constraint: [${constraintTexts(key).join(", ")}]`;
        for (const broken of this.brokenScalars(key)) {
          out.push({
            description: `${label} key: ${broken.kind}`,
            value: { [broken.value as string]: validValue },
            expected: anyValue(keyConstraint),
          });
        }
        if (isAggregate(entry.shape)) {
          for (const violation of this.violations(entry, `${path}.${validKey}`, `${label}.${validKey}`, depth + 1)) {
            if (violation.value !== undefined) out.push({ ...violation, value: { [validKey]: violation.value } });
          }
        } else {
          const valueConstraint = `Map value must satisfy constraint: [${constraintTexts(entry).join(", ")}]`;
          for (const broken of this.brokenScalars(entry)) {
            out.push({
              description: `${label} value: ${broken.kind}`,
              value: { [validKey]: broken.value },
              expected: anyValue(valueConstraint),
            });
          }
        }
        return out;
      }
      default:
        for (const broken of this.brokenScalars(resolved)) {
          out.push({
            description: `${label}: ${broken.kind}`,
            value: broken.value,
            expected: detail(String(broken.value), broken.constraint),
          });
        }
        return out;
    }
  }

  /** Scalar values that break one constraint each (a few also break another one, e.g. a too-long ARN). */
  private brokenScalars(resolved: Resolved): { kind: string; value: unknown; constraint: string }[] {
    const { shape, traits } = resolved;
    const broken: { kind: string; value: unknown; constraint: string }[] = [];
    const enumeration = enumValues(shape, traits);
    if (enumeration) {
      broken.push({ kind: "enum", value: DISTINCT, constraint: enumText(enumeration) });
      return broken;
    }
    if (shape.type !== "string") {
      const range = rangeOf(traits);
      if (range.max !== undefined) {
        broken.push({
          kind: "range max",
          value: range.max + 1,
          constraint: `Member must have value less than or equal to ${range.max}`,
        });
      }
      if (range.min !== undefined) {
        broken.push({
          kind: "range min",
          value: range.min - 1,
          constraint: `Member must have value greater than or equal to ${range.min}`,
        });
      }
      return broken;
    }
    const valid = this.valid(resolved) as string;
    const length = lengthOf(traits);
    const pattern = traits["smithy.api#pattern"] as string | undefined;
    if (length.max !== undefined) {
      const value = valid.padEnd(length.max + 1, valid.slice(-1) || "a");
      broken.push({
        kind: "too long",
        value,
        constraint: `Member must have length less than or equal to ${length.max}`,
      });
    }
    if (length.min !== undefined && length.min > 0) {
      const value = [...valid].slice(0, length.min - 1).join("");
      broken.push({
        kind: "too short",
        value,
        constraint: `Member must have length greater than or equal to ${length.min}`,
      });
    }
    if (pattern !== undefined) {
      const regex = patternOf(pattern);
      const candidates = ["not an arn!", `${valid.slice(0, -1)}!`, `${valid.slice(0, -1)} `, `\u0007${valid.slice(1)}`];
      const value = candidates.find(
        (candidate) =>
          !regex.test(candidate) &&
          codePoints(candidate) >= (length.min ?? 0) &&
          codePoints(candidate) <= (length.max ?? Infinity),
      );
      // Some patterns hold for every string (`.*`, `^[\s\S]*$`): nothing to break.
      if (value !== undefined) {
        broken.push({
          kind: "pattern",
          value,
          constraint: `Member must satisfy regular expression pattern: ${pattern}`,
        });
      }
    }
    return broken;
  }
}

function lengthOf(traits: Traits): { min?: number; max?: number } {
  return (traits["smithy.api#length"] as { min?: number; max?: number } | undefined) ?? {};
}

function rangeOf(traits: Traits): { min?: number; max?: number } {
  return (traits["smithy.api#range"] as { min?: number; max?: number } | undefined) ?? {};
}

function enumValues(shape: AstShape, traits: Traits = {}): string[] | undefined {
  if (shape.type === "enum") {
    return Object.entries(shape.members ?? {}).map(
      ([name, member]) => (member.traits?.["smithy.api#enumValue"] as string | undefined) ?? name,
    );
  }
  return (traits["smithy.api#enum"] as { value: string }[] | undefined)?.map((entry) => entry.value);
}

const enumText = (values: string[]) => `Member must satisfy enum value set: [${values.join(", ")}]`;

const sensitive = (traits: Traits) => traits[SENSITIVE] !== undefined;

const isAggregate = (shape: AstShape) => ["structure", "union", "list", "map"].includes(shape.type);

/** All the constraints of a scalar, as AWS lists them for a collection's members: max, min, pattern, enum. */
function constraintTexts({ shape, traits }: Resolved): string[] {
  const texts: string[] = [];
  const length = lengthOf(traits);
  const range = rangeOf(traits);
  if (length.max !== undefined) texts.push(`Member must have length less than or equal to ${length.max}`);
  if (length.min !== undefined) texts.push(`Member must have length greater than or equal to ${length.min}`);
  if (range.max !== undefined) texts.push(`Member must have value less than or equal to ${range.max}`);
  if (range.min !== undefined) texts.push(`Member must have value greater than or equal to ${range.min}`);
  const pattern = traits["smithy.api#pattern"] as string | undefined;
  if (pattern !== undefined) texts.push(`Member must satisfy regular expression pattern: ${pattern}`);
  const enumeration = enumValues(shape, traits);
  if (enumeration) texts.push(enumText(enumeration));
  return texts;
}

function satisfies({ traits }: Resolved, value: string): boolean {
  const length = lengthOf(traits);
  const pattern = traits["smithy.api#pattern"] as string | undefined;
  return (
    codePoints(value) >= (length.min ?? 0) &&
    codePoints(value) <= (length.max ?? Infinity) &&
    (pattern === undefined || patternOf(pattern).test(value))
  );
}
