/**
 * IAM policy documents: parsing, validation and a normalized shape (arrays everywhere, condition
 * values as strings), so evaluation never has to guess. Identity and session policies may not name a
 * Principal; resource policies (a role's trust policy) must.
 */
import { isKnownOperator } from "./conditions";

export type PrincipalBlock = "*" | Record<string, string[]>;

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  /** Operator -> condition key -> values. */
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  /** A document without Version follows 2008-10-17 rules: `${...}` is literal text there. */
  Version: "2012-10-17" | "2008-10-17";
  Statement: Statement[];
}

export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPolicyError";
  }
}

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
]);
// `*`, or vendor:Action with exactly one colon (wildcards allowed on both sides).
const ACTION = /^(\*|[A-Za-z0-9*?_-]+:[^:]+)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, element: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === "string" && item !== "")) {
    throw new MalformedPolicyError(`${element} must be a non-empty string or a list of them.`);
  }
  return list as string[];
}

function conditionValues(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => ["string", "number", "boolean"].includes(typeof item))) {
    throw new MalformedPolicyError(`Condition values of ${where} must be strings, numbers or booleans.`);
  }
  return list.map(String);
}

function parsePrincipal(value: unknown, element: string): PrincipalBlock {
  if (value === "*") return "*";
  if (!isObject(value)) throw new MalformedPolicyError(`${element} must be "*" or an object such as {"AWS": [...]}.`);
  return Object.fromEntries(Object.entries(value).map(([type, ids]) => [type, stringList(ids, `${element}.${type}`)]));
}

function parseCondition(value: unknown): Statement["Condition"] {
  if (!isObject(value)) throw new MalformedPolicyError("Condition must be an object.");
  const condition: NonNullable<Statement["Condition"]> = {};
  for (const [operator, block] of Object.entries(value)) {
    if (!isKnownOperator(operator)) throw new MalformedPolicyError(`Unknown condition operator: ${operator}`);
    if (!isObject(block)) throw new MalformedPolicyError(`Condition ${operator} must map keys to values.`);
    condition[operator] = Object.fromEntries(
      Object.entries(block).map(([key, values]) => [key, conditionValues(values, `${operator}.${key}`)]),
    );
  }
  return condition;
}

function parseStatement(raw: unknown, kind: "identity" | "resource", index: number): Statement {
  const where = `Statement ${index + 1}`;
  if (!isObject(raw)) throw new MalformedPolicyError(`${where} must be an object.`);
  const unknown = Object.keys(raw).filter((key) => !STATEMENT_KEYS.has(key));
  if (unknown.length > 0) throw new MalformedPolicyError(`${where} has unknown elements: ${unknown.join(", ")}`);
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny")
    throw new MalformedPolicyError(`${where}: Effect must be "Allow" or "Deny".`);
  if ((raw.Action === undefined) === (raw.NotAction === undefined)) {
    throw new MalformedPolicyError(`${where} must have exactly one of Action and NotAction.`);
  }
  if (raw.Resource !== undefined && raw.NotResource !== undefined) {
    throw new MalformedPolicyError(`${where} cannot have both Resource and NotResource.`);
  }
  const hasPrincipal = raw.Principal !== undefined || raw.NotPrincipal !== undefined;
  if (kind === "identity") {
    if (hasPrincipal)
      throw new MalformedPolicyError(`${where}: identity and session policies cannot name a Principal.`);
    if (raw.Resource === undefined && raw.NotResource === undefined) {
      throw new MalformedPolicyError(`${where} must have Resource or NotResource.`);
    }
  } else if (!hasPrincipal || (raw.Principal !== undefined && raw.NotPrincipal !== undefined)) {
    throw new MalformedPolicyError(
      `${where}: a resource policy statement needs exactly one of Principal and NotPrincipal.`,
    );
  }
  const statement: Statement = { Effect: raw.Effect };
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== "string") throw new MalformedPolicyError(`${where}: Sid must be a string.`);
    statement.Sid = raw.Sid;
  }
  for (const element of ["Action", "NotAction"] as const) {
    if (raw[element] === undefined) continue;
    const actions = stringList(raw[element], `${where}.${element}`);
    const bad = actions.find((action) => !ACTION.test(action));
    if (bad !== undefined)
      throw new MalformedPolicyError(
        `${where}: actions must be prefaced by a vendor, e.g. chime:SendChannelMessage (got ${bad}).`,
      );
    statement[element] = actions;
  }
  for (const element of ["Resource", "NotResource"] as const) {
    if (raw[element] !== undefined) statement[element] = stringList(raw[element], `${where}.${element}`);
  }
  if (raw.Principal !== undefined) statement.Principal = parsePrincipal(raw.Principal, `${where}.Principal`);
  if (raw.NotPrincipal !== undefined)
    statement.NotPrincipal = parsePrincipal(raw.NotPrincipal, `${where}.NotPrincipal`);
  if (raw.Condition !== undefined) statement.Condition = parseCondition(raw.Condition);
  return statement;
}

/** Parses and validates a policy given as JSON text (string) or an already parsed value. */
export function parsePolicy(json: unknown, kind: "identity" | "resource"): PolicyDocument {
  let raw: unknown = json;
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new MalformedPolicyError("The policy is not valid JSON.");
    }
  }
  if (!isObject(raw)) throw new MalformedPolicyError("The policy must be a JSON object.");
  const unknown = Object.keys(raw).filter((key) => !["Version", "Id", "Statement"].includes(key));
  if (unknown.length > 0) throw new MalformedPolicyError(`The policy has unknown elements: ${unknown.join(", ")}`);
  const version = raw.Version === undefined ? "2008-10-17" : raw.Version;
  if (version !== "2012-10-17" && version !== "2008-10-17") {
    throw new MalformedPolicyError(
      `The policy's Version must be 2012-10-17 or 2008-10-17 (got ${JSON.stringify(version)}).`,
    );
  }
  if (raw.Statement === undefined) throw new MalformedPolicyError("The policy has no Statement.");
  const statements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  if (statements.length === 0) throw new MalformedPolicyError("The policy has no Statement.");
  const parsed = statements.map((statement, i) => parseStatement(statement, kind, i));
  const sids = parsed.flatMap((statement) => (statement.Sid === undefined ? [] : [statement.Sid]));
  const duplicate = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (duplicate !== undefined)
    throw new MalformedPolicyError(`Statement IDs (Sid) must be unique (${duplicate} repeats).`);
  return { Version: version, Statement: parsed };
}
