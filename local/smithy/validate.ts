/**
 * Input validation from a Smithy model's constraint traits (required, length, pattern, range, enum),
 * compiled once per shape into plain functions and reported the way AWS's services report it:
 *
 *   1 validation error detected: Value 'x' at 'channelArn' failed to satisfy constraint: Member must
 *   satisfy regular expression pattern: ^arn:...
 *
 * Readings (AWS documents none of this; it is the wording its services answer with):
 * - Members are named with a lowercase first letter, nested ones with dots (`expirationSettings.
 *   expirationDays`), structures in a list by position (`tags.1.member.key`).
 * - A list of strings (or numbers) and a map's keys and values are reported once, at the collection,
 *   with all the constraints of their shape: `Member must satisfy constraint: [...]`,
 *   `Map keys must satisfy constraint: [...]`, `Map value must satisfy constraint: [...]`.
 * - The value of a @sensitive member is never echoed (`Value at 'content' ...`); inside a rendered
 *   collection it reads `*** Sensitive Data Redacted ***`.
 * - Each violated constraint is one error; several are counted and joined with "; ".
 *
 * Smithy's @length counts a string's Unicode scalar values (code points, not UTF-16 units), a blob's
 * bytes, a list's or map's entries.
 */
import { hasTrait, trait, type Member, type Shape, type Traits } from "./model";
import { compilePattern } from "./pattern";

export interface Violation {
  /** Where, as AWS names it. */
  path: string;
  /** The value as shown in the message; null for a missing member, undefined when it is not shown. */
  shown: string | null | undefined;
  constraint: string;
}

export type Validator = (value: unknown) => Violation[];

type Check = (value: unknown, path: string, out: Violation[]) => void;

interface Constraint {
  text: string;
  holds(value: unknown): boolean;
}

const REDACTED = "*** Sensitive Data Redacted ***";

export const memberPath = (parent: string, name: string) =>
  `${parent === "" ? "" : `${parent}.`}${name.charAt(0).toLowerCase()}${name.slice(1)}`;

/** Message of a BadRequestException / ValidationError for these violations. */
export function validationMessage(violations: readonly Violation[]): string {
  const count = violations.length;
  const details = violations.map(({ path, shown, constraint }) => {
    const value = shown === null ? "Value null" : shown === undefined ? "Value" : `Value '${shown}'`;
    return `${value} at '${path}' failed to satisfy constraint: ${constraint}`;
  });
  return `${count} validation error${count === 1 ? "" : "s"} detected: ${details.join("; ")}`;
}

/** The constraints of a scalar (string, number, enum), in the order AWS lists them. */
export function scalarConstraints(shape: Shape, traits: Traits): Constraint[] {
  const constraints: Constraint[] = [];
  const length = traits[trait.length] as { min?: number; max?: number } | undefined;
  const range = traits[trait.range] as { min?: number; max?: number } | undefined;
  const pattern = traits[trait.pattern] as string | undefined;
  const isText = shape.type === "string" || shape.type === "enum";
  const size = (value: unknown) =>
    shape.type === "blob" && value instanceof Uint8Array ? value.byteLength : codePoints(String(value));
  const bound = (limit: number | undefined, text: string, holds: (value: unknown, limit: number) => boolean) => {
    if (limit !== undefined) {
      constraints.push({ text: `Member must have ${text} ${limit}`, holds: (value) => holds(value, limit) });
    }
  };
  bound(length?.max, "length less than or equal to", (value, max) => size(value) <= max);
  bound(length?.min, "length greater than or equal to", (value, min) => size(value) >= min);
  bound(range?.max, "value less than or equal to", (value, max) => Number(value) <= max);
  bound(range?.min, "value greater than or equal to", (value, min) => Number(value) >= min);
  if (pattern !== undefined && isText) {
    const regex = compilePattern(pattern);
    constraints.push({
      text: `Member must satisfy regular expression pattern: ${pattern}`,
      holds: (value) => regex.test(String(value)),
    });
  }
  if (shape.enumValues) {
    const allowed = new Set<unknown>(shape.enumValues);
    constraints.push({
      text: `Member must satisfy enum value set: [${shape.enumValues.join(", ")}]`,
      holds: (value) => allowed.has(value),
    });
  }
  return constraints;
}

/** Code points: what Smithy's @length counts in a string. */
function codePoints(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

const isAggregate = (shape: Shape) =>
  shape.type === "structure" || shape.type === "union" || shape.type === "list" || shape.type === "map";

const isSensitive = (traits: Traits) => hasTrait(traits, trait.sensitive);

/** How a value reads in a message: strings as they are, collections the way Java prints them. */
function render(shape: Shape, traits: Traits, value: unknown): string {
  if (isSensitive(traits)) return REDACTED;
  if (Array.isArray(value) && shape.member) {
    const item = shape.member;
    return `[${value.map((entry) => render(item.target, item.traits, entry)).join(", ")}]`;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (shape.type === "map" && shape.key && shape.value) {
      const { key, value: valueMember } = shape;
      return `{${entries
        .map(([k, v]) => `${render(key.target, key.traits, k)}=${render(valueMember.target, valueMember.traits, v)}`)
        .join(", ")}}`;
    }
    const members = new Map(shape.members.map((member) => [member.name, member]));
    return `{${entries
      .map(([name, v]) => {
        const member = members.get(name);
        return `${name}=${member ? render(member.target, member.traits, v) : String(v)}`;
      })
      .join(", ")}}`;
  }
  return String(value);
}

/** A value as the message shows it: not at all when the member is sensitive. */
const shown = (shape: Shape, traits: Traits, value: unknown) =>
  isSensitive(traits) ? undefined : render(shape, traits, value);

/** Compiles validators; one per shape and traits, shared by every operation that uses them. */
export class ValidatorCompiler {
  private readonly structures = new Map<string, Check>();

  /** The validator of an operation's input structure. */
  input(shape: Shape): Validator {
    const check = this.structure(shape);
    return (value) => {
      const violations: Violation[] = [];
      check(value, "", violations);
      return violations;
    };
  }

  private structure(shape: Shape): Check {
    const known = this.structures.get(shape.id);
    if (known) return known;
    // Set before the members compile, so that a recursive structure refers to itself.
    let compiled: Check = () => undefined;
    this.structures.set(shape.id, (value, path, out) => compiled(value, path, out));
    const members = shape.members.map((member) => ({
      name: member.name,
      required: hasTrait(member.traits, trait.required),
      check: this.member(member),
    }));
    compiled = (value, path, out) => {
      const object = value as Record<string, unknown>;
      for (const member of members) {
        const memberValue = object[member.name];
        const where = memberPath(path, member.name);
        if (memberValue === undefined || memberValue === null) {
          if (member.required) out.push({ path: where, shown: null, constraint: "Member must not be null" });
        } else member.check?.(memberValue, where, out);
      }
    };
    return this.structures.get(shape.id) as Check;
  }

  /** The check of one member's value (present), or undefined when nothing constrains it. */
  private member(member: Member): Check | undefined {
    const { target, traits } = member;
    if (target.type === "structure" || target.type === "union") return this.structure(target);
    if (target.type === "list") return this.list(target, traits);
    if (target.type === "map") return this.map(target, traits);
    const constraints = scalarConstraints(target, traits);
    if (constraints.length === 0) return undefined;
    return (value, path, out) => {
      for (const constraint of constraints) {
        if (!constraint.holds(value)) {
          out.push({ path, shown: shown(target, traits, value), constraint: constraint.text });
        }
      }
    };
  }

  private list(shape: Shape, traits: Traits): Check | undefined {
    const item = shape.member as Member;
    const count = this.count(shape, traits);
    if (isAggregate(item.target)) {
      const itemCheck = this.member(item);
      return (value, path, out) => {
        count?.(value, path, out);
        if (!itemCheck) return;
        (value as unknown[]).forEach((entry, i) => {
          if (entry !== undefined && entry !== null) itemCheck(entry, `${path}.${i + 1}.member`, out);
        });
      };
    }
    const collective = this.collective(item, "Member must satisfy constraint");
    if (!count && !collective) return undefined;
    return (value, path, out) => {
      count?.(value, path, out);
      collective?.(value as unknown[], () => shown(shape, traits, value), path, out);
    };
  }

  private map(shape: Shape, traits: Traits): Check | undefined {
    const key = shape.key as Member;
    const entryValue = shape.value as Member;
    const count = this.count(shape, traits);
    const keys = this.collective(key, "Map keys must satisfy constraint");
    const valueCheck = isAggregate(entryValue.target) ? this.member(entryValue) : undefined;
    const values = isAggregate(entryValue.target)
      ? undefined
      : this.collective(entryValue, "Map value must satisfy constraint");
    if (!count && !keys && !values && !valueCheck) return undefined;
    return (value, path, out) => {
      const map = value as Record<string, unknown>;
      count?.(value, path, out);
      const show = () => shown(shape, traits, value);
      keys?.(Object.keys(map), show, path, out);
      values?.(Object.values(map), show, path, out);
      if (valueCheck) for (const [k, v] of Object.entries(map)) valueCheck(v, `${path}.${k}`, out);
    };
  }

  /** A list's or map's @length, on its number of entries. */
  private count(shape: Shape, traits: Traits): Check | undefined {
    const length = traits[trait.length] as { min?: number; max?: number } | undefined;
    if (length?.min === undefined && length?.max === undefined) return undefined;
    return (value, path, out) => {
      const size = Array.isArray(value) ? value.length : Object.keys(value as object).length;
      if (length.max !== undefined && size > length.max) {
        const constraint = `Member must have length less than or equal to ${length.max}`;
        out.push({ path, shown: shown(shape, traits, value), constraint });
      }
      if (length.min !== undefined && size < length.min) {
        const constraint = `Member must have length greater than or equal to ${length.min}`;
        out.push({ path, shown: shown(shape, traits, value), constraint });
      }
    };
  }

  /** Scalars inside a collection: one violation at the collection, listing all their constraints. */
  private collective(
    item: Member,
    prefix: string,
  ): ((values: unknown[], show: () => string | undefined, path: string, out: Violation[]) => void) | undefined {
    const constraints = scalarConstraints(item.target, item.traits);
    if (constraints.length === 0) return undefined;
    const text = `${prefix}: [${constraints.map((constraint) => constraint.text).join(", ")}]`;
    return (values, show, path, out) => {
      const broken = values.some((v) => v !== undefined && v !== null && constraints.some((c) => !c.holds(v)));
      if (broken) out.push({ path, shown: show(), constraint: text });
    };
  }
}
