/**
 * awsQuery request parameters -> an operation's input, by the model: `RoleArn=...`,
 * `Tags.member.1.Key=...`, `TransitiveTagKeys.member.1=...`, `Name.entry.1.key=...`. A list sent as
 * `Name=` alone is empty. Only what the shape declares is read; the rest is left to the operation.
 */
import { validationError } from "../sts/errors";
import { trait, type Shape } from "../smithy/model";

export function queryInput(shape: Shape, params: URLSearchParams, prefix = ""): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const member of shape.members) {
    const key = `${prefix}${(member.traits[trait.xmlName] as string | undefined) ?? member.name}`;
    const value = read(member.target, params, key, member.traits[trait.xmlFlattened] !== undefined);
    if (value !== undefined) input[member.name] = value;
  }
  return input;
}

function read(shape: Shape, params: URLSearchParams, key: string, flattened: boolean): unknown {
  switch (shape.type) {
    case "structure":
    case "union": {
      const nested = queryInput(shape, params, `${key}.`);
      return Object.keys(nested).length > 0 ? nested : undefined;
    }
    case "list": {
      const item = (shape.member as { target: Shape }).target;
      const values: unknown[] = [];
      const itemKey = (i: number) => (flattened ? `${key}.${i}` : `${key}.member.${i}`);
      for (let i = 1; hasPrefix(params, itemKey(i)); i++) values.push(read(item, params, itemKey(i), false));
      if (values.length === 0) return params.has(key) ? [] : undefined;
      return values;
    }
    case "map": {
      const keyShape = (shape.key as { target: Shape }).target;
      const valueShape = (shape.value as { target: Shape }).target;
      const entries: [unknown, unknown][] = [];
      const entryKey = (i: number) => (flattened ? `${key}.${i}` : `${key}.entry.${i}`);
      for (let i = 1; hasPrefix(params, entryKey(i)); i++) {
        entries.push([
          read(keyShape, params, `${entryKey(i)}.key`, false),
          read(valueShape, params, `${entryKey(i)}.value`, false),
        ]);
      }
      if (entries.length === 0) return params.has(key) ? {} : undefined;
      return Object.fromEntries(entries);
    }
    default: {
      const raw = params.get(key);
      return raw === null ? undefined : scalar(shape, raw, key);
    }
  }
}

function hasPrefix(params: URLSearchParams, key: string): boolean {
  for (const name of params.keys()) if (name === key || name.startsWith(`${key}.`)) return true;
  return false;
}

function scalar(shape: Shape, raw: string, key: string): unknown {
  if (["integer", "long", "short", "byte"].includes(shape.type)) {
    if (!/^-?\d+$/.test(raw)) throw validationError(`Value '${raw}' at '${key}' is not an integer.`);
    return Number(raw);
  }
  if (shape.type === "boolean") {
    if (raw !== "true" && raw !== "false") throw validationError(`Value '${raw}' at '${key}' is not a boolean.`);
    return raw === "true";
  }
  if (shape.type === "timestamp") {
    const millis = Date.parse(raw);
    if (Number.isNaN(millis)) throw validationError(`Value '${raw}' at '${key}' is not a timestamp.`);
    return new Date(millis);
  }
  return raw;
}
