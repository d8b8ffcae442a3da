/**
 * restJson1 on the wire, driven by the SDK's schemas: HTTP request -> operation input, and operation
 * output -> JSON body. Bodies carry timestamps as epoch seconds; query strings carry them as ISO-8601.
 */
import type { NormalizedSchema } from "@smithy/core/schema";
import type { IncomingHttpHeaders } from "node:http";
import { BadRequestError } from "../chime/errors";
import type { OperationModel } from "./model";

export type Input = Record<string, unknown>;

export interface HttpParts {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function bindRequest(operation: OperationModel, http: HttpParts): Input {
  const body = parseJsonBody(http.body);
  const input: Input = {};
  for (const [name, member] of operation.input.structIterator()) {
    const traits = member.getMergedTraits();
    let value: unknown;
    if (traits.httpLabel) value = http.labels[name];
    else if (typeof traits.httpHeader === "string")
      value = headerValue(member, http.headers[traits.httpHeader.toLowerCase()]);
    else if (typeof traits.httpQuery === "string") value = queryValue(member, traits.httpQuery, http.query);
    else if (body[name] !== undefined && body[name] !== null) value = fromJson(member, body[name], name);
    if (value !== undefined) input[name] = value;
  }
  return input;
}

/**
 * The members the model requires must be present (the JS SDK does not check them client-side). An
 * empty path label or header counts as missing; an empty string in the body is a value (Metadata "").
 */
export function checkRequiredMembers(operation: OperationModel, input: Input): void {
  for (const name of operation.requiredMembers) {
    const traits = operation.input.getMemberSchema(name).getMergedTraits();
    const boundOutsideBody = Boolean(traits.httpLabel || traits.httpHeader || traits.httpQuery);
    if (input[name] === undefined || (boundOutsideBody && input[name] === "")) {
      throw new BadRequestError(
        `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      );
    }
  }
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError("The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

function headerValue(member: NormalizedSchema, raw: string | string[] | undefined): unknown {
  if (raw === undefined) return undefined;
  return scalarFromString(member, Array.isArray(raw) ? raw.join(",") : raw, member.getMemberName());
}

function queryValue(member: NormalizedSchema, key: string, query: URLSearchParams): unknown {
  if (member.isListSchema()) {
    const values = query.getAll(key);
    return values.length ? values.map((v) => scalarFromString(member.getValueSchema(), v, key)) : undefined;
  }
  const raw = query.get(key);
  return raw === null ? undefined : scalarFromString(member, raw, key);
}

function scalarFromString(member: NormalizedSchema, raw: string, where: string): unknown {
  if (member.isNumericSchema()) {
    if (!/^-?\d+$/.test(raw)) throw new BadRequestError(`Invalid value for ${where}: expected an integer.`);
    return Number(raw);
  }
  if (member.isBooleanSchema()) {
    if (raw !== "true" && raw !== "false")
      throw new BadRequestError(`Invalid value for ${where}: expected true or false.`);
    return raw === "true";
  }
  if (member.isTimestampSchema()) return parseIsoTimestamp(raw, where);
  return raw;
}

// ISO-8601 as the JS SDK (`2024-01-01T00:00:00Z`) and botocore (with microseconds) send it.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function parseIsoTimestamp(raw: string, where: string): Date {
  const millis = ISO_8601.test(raw) ? Date.parse(raw.replace(/(\.\d{3})\d+/, "$1")) : NaN;
  if (Number.isNaN(millis)) throw new BadRequestError(`Invalid value for ${where}: expected an ISO-8601 timestamp.`);
  return new Date(millis);
}

/** Converts a JSON body value to the input shape: timestamps become Dates, types are checked. */
function fromJson(schema: NormalizedSchema, value: unknown, path: string): unknown {
  const mismatch = (expected: string) => new BadRequestError(`Invalid value at '${path}': expected ${expected}.`);
  if (schema.isTimestampSchema()) {
    if (typeof value !== "number") throw mismatch("a timestamp in epoch seconds");
    return new Date(value * 1000);
  }
  if (schema.isNumericSchema()) {
    if (typeof value !== "number") throw mismatch("a number");
    return value;
  }
  if (schema.isBooleanSchema()) {
    if (typeof value !== "boolean") throw mismatch("a boolean");
    return value;
  }
  if (schema.isStringSchema()) {
    if (typeof value !== "string") throw mismatch("a string");
    return value;
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) throw mismatch("a list");
    return value.map((item, i) => fromJson(schema.getValueSchema(), item, `${path}.${i + 1}`));
  }
  if (schema.isMapSchema()) {
    if (!isPlainObject(value)) throw mismatch("a map");
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fromJson(schema.getValueSchema(), v, `${path}.${k}`)]),
    );
  }
  if (schema.isStructSchema()) {
    if (!isPlainObject(value)) throw mismatch("an object");
    const result: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      if (value[name] !== undefined && value[name] !== null)
        result[name] = fromJson(member, value[name], `${path}.${name}`);
    }
    return result;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Serializes an operation's output for the body. Only members the model declares are written, so
 * nothing internal can leak; absent members are omitted rather than sent as null; Dates become
 * epoch seconds (with milliseconds as a fraction).
 */
export function toJson(schema: NormalizedSchema, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (schema.isTimestampSchema()) return value instanceof Date ? value.getTime() / 1000 : value;
  if (schema.isListSchema()) {
    return (value as unknown[]).map((item) => toJson(schema.getValueSchema(), item));
  }
  if (schema.isMapSchema()) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(schema.getValueSchema(), v)]),
    );
  }
  if (schema.isStructSchema()) {
    const source = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const serialized = toJson(member, source[name]);
      if (serialized !== undefined) result[name] = serialized;
    }
    return result;
  }
  return value;
}
