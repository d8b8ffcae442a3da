/**
 * restJson1 on the wire, driven by the official models: HTTP request -> operation input, and operation
 * output -> JSON body. Bodies carry timestamps as epoch seconds; query strings carry them as ISO-8601.
 * Values of the wrong type are refused here; whether they satisfy the model's constraints is
 * validation's business (`OperationModel.validate`), which runs on what this binds.
 */
import type { IncomingHttpHeaders } from "node:http";
import { BadRequestError } from "../chime/errors";
import { hasTrait, trait, type Shape } from "../smithy/model";
import type { OperationModel } from "./model";

export type Input = Record<string, unknown>;

export interface HttpParts {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The operation's input from the request. A label, header or query value is taken as sent, an empty
 * one included (validation then holds it to the member's length); JSON nulls count as absent.
 */
export function bindRequest(operation: OperationModel, http: HttpParts): Input {
  const body = parseJsonBody(http.body);
  const input: Input = {};
  for (const { name, member, location, key } of operation.bindings) {
    let value: unknown;
    if (location === "label") value = http.labels[key];
    else if (location === "header") value = headerValue(member.target, http.headers[key], key);
    else if (location === "query") value = queryValue(member.target, key, http.query);
    else if (body[key] !== undefined && body[key] !== null) value = fromJson(member.target, body[key], name);
    if (value !== undefined) input[name] = value;
  }
  return input;
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
  if (!isPlainObject(parsed)) throw new BadRequestError("The request body must be a JSON object.");
  return parsed;
}

function headerValue(shape: Shape, raw: string | string[] | undefined, where: string): unknown {
  if (raw === undefined) return undefined;
  return scalarFromString(shape, Array.isArray(raw) ? raw.join(",") : raw, where);
}

function queryValue(shape: Shape, key: string, query: URLSearchParams): unknown {
  if (shape.type === "list" && shape.member) {
    const item = shape.member.target;
    const values = query.getAll(key);
    return values.length ? values.map((value) => scalarFromString(item, value, key)) : undefined;
  }
  const raw = query.get(key);
  return raw === null ? undefined : scalarFromString(shape, raw, key);
}

const INTEGER_TYPES = new Set(["integer", "intEnum", "long", "short", "byte", "bigInteger"]);
const NUMBER_TYPES = new Set([...INTEGER_TYPES, "float", "double", "bigDecimal"]);

function scalarFromString(shape: Shape, raw: string, where: string): unknown {
  if (INTEGER_TYPES.has(shape.type)) {
    if (!/^-?\d+$/.test(raw)) throw new BadRequestError(`Invalid value for ${where}: expected an integer.`);
    return Number(raw);
  }
  if (NUMBER_TYPES.has(shape.type)) {
    const number = Number(raw);
    if (raw.trim() === "" || Number.isNaN(number))
      throw new BadRequestError(`Invalid value for ${where}: expected a number.`);
    return number;
  }
  if (shape.type === "boolean") {
    if (raw !== "true" && raw !== "false")
      throw new BadRequestError(`Invalid value for ${where}: expected true or false.`);
    return raw === "true";
  }
  if (shape.type === "timestamp") return parseIsoTimestamp(raw, where);
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
function fromJson(shape: Shape, value: unknown, path: string): unknown {
  const mismatch = (expected: string) => new BadRequestError(`Invalid value at '${path}': expected ${expected}.`);
  switch (shape.type) {
    case "timestamp":
      if (typeof value !== "number") throw mismatch("a timestamp in epoch seconds");
      return new Date(value * 1000);
    case "boolean":
      if (typeof value !== "boolean") throw mismatch("a boolean");
      return value;
    case "string":
    case "enum":
      if (typeof value !== "string") throw mismatch("a string");
      return value;
    case "list": {
      if (!Array.isArray(value)) throw mismatch("a list");
      const item = (shape.member as { target: Shape }).target;
      return value.map((entry, i) => fromJson(item, entry, `${path}.${i + 1}`));
    }
    case "map": {
      if (!isPlainObject(value)) throw mismatch("a map");
      const entry = (shape.value as { target: Shape }).target;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(entry, v, `${path}.${k}`)]));
    }
    case "structure":
    case "union": {
      if (!isPlainObject(value)) throw mismatch("an object");
      const result: Record<string, unknown> = {};
      for (const member of shape.members) {
        const memberValue = value[member.name];
        if (memberValue !== undefined && memberValue !== null)
          result[member.name] = fromJson(member.target, memberValue, `${path}.${member.name}`);
      }
      return result;
    }
    default:
      if (INTEGER_TYPES.has(shape.type)) {
        if (!Number.isInteger(value)) throw mismatch("an integer");
        return value;
      }
      if (NUMBER_TYPES.has(shape.type)) {
        if (typeof value !== "number") throw mismatch("a number");
        return value;
      }
      return value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The endpoint's own fault: an operation answered without a member its output requires. */
export class IncompleteOutputError extends Error {}

/**
 * Serializes an operation's output for the body. Only members the model declares are written, so
 * nothing internal can leak; absent members are omitted rather than sent as null, except that a member
 * the model requires is never absent (IncompleteOutputError: a bug of the endpoint, answered as a 500);
 * Dates become epoch seconds (with milliseconds as a fraction).
 */
export function toJson(shape: Shape, value: unknown, path = "output"): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case "timestamp":
      return value instanceof Date ? value.getTime() / 1000 : value;
    case "list": {
      const item = (shape.member as { target: Shape }).target;
      return (value as unknown[]).map((entry, i) => toJson(item, entry, `${path}.${i + 1}`));
    }
    case "map": {
      const entry = (shape.value as { target: Shape }).target;
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(entry, v, `${path}.${k}`)]),
      );
    }
    case "structure":
    case "union": {
      const source = value as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const member of shape.members) {
        const serialized = toJson(member.target, source[member.name], `${path}.${member.name}`);
        if (serialized !== undefined) result[member.name] = serialized;
        else if (hasTrait(member.traits, trait.required)) {
          throw new IncompleteOutputError(`${path}.${member.name} is required by the model but missing`);
        }
      }
      return result;
    }
    default:
      return value;
  }
}
