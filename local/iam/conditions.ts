/**
 * The Condition block: every operator and every key must hold (AND); the values of one key are
 * alternatives (OR), and a negated operator holds when none of them match. A missing key fails a
 * condition, except for negated operators, `...IfExists`, `ForAllValues:` and `Null`.
 */
import { arnLike, stringLike } from "./match";
import { substitute, type ContextLookup, type ContextValue } from "./variables";

interface Operator {
  /** Does one request value match one policy value? (For negated operators: the positive form.) */
  matches(policyValue: string, requestValue: string, lookup: ContextLookup | undefined): boolean;
  negated: boolean;
  /** Policy variables are allowed in values of String and Arn operators (and, harmlessly, Bool). */
  variables: boolean;
}

const exact =
  (transform: (s: string) => string) => (policy: string, request: string, lookup: ContextLookup | undefined) => {
    const value = substitute(policy, lookup);
    return value !== undefined && transform(value) === transform(request);
  };
const same = (s: string) => s;
const lower = (s: string) => s.toLowerCase();

const number = (text: string) => (text.trim() === "" ? NaN : Number(text));
const numeric = (compare: (a: number, b: number) => boolean) => (policy: string, request: string) => {
  const [p, r] = [number(policy), number(request)];
  return !Number.isNaN(p) && !Number.isNaN(r) && compare(r, p);
};
// Dates are ISO-8601 or epoch seconds.
const time = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text));
const date = (compare: (a: number, b: number) => boolean) => (policy: string, request: string) => {
  const [p, r] = [time(policy), time(request)];
  return !Number.isNaN(p) && !Number.isNaN(r) && compare(r, p);
};

function ipv4(text: string): number | undefined {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}
function inCidr(policy: string, request: string): boolean {
  const [network, bits = "32"] = policy.split("/");
  const [base, address, prefix] = [ipv4(network), ipv4(request), Number(bits)];
  if (base === undefined || address === undefined || !(prefix >= 0 && prefix <= 32)) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(base / size) === Math.floor(address / size);
}

const positive = (matches: Operator["matches"], variables = false): Operator => ({
  matches,
  negated: false,
  variables,
});
const negative = (operator: Operator): Operator => ({ ...operator, negated: true });

const stringEquals = positive(exact(same), true);
const stringEqualsIgnoreCase = positive(exact(lower), true);
const stringLikeOperator = positive(stringLike, true);
const arnLikeOperator = positive(arnLike, true);
const numericEquals = positive(numeric((a, b) => a === b));
const dateEquals = positive(date((a, b) => a === b));
const ipAddress = positive(inCidr);

const OPERATORS: Record<string, Operator> = {
  StringEquals: stringEquals,
  StringNotEquals: negative(stringEquals),
  StringEqualsIgnoreCase: stringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase: negative(stringEqualsIgnoreCase),
  StringLike: stringLikeOperator,
  StringNotLike: negative(stringLikeOperator),
  ArnEquals: arnLikeOperator,
  ArnLike: arnLikeOperator,
  ArnNotEquals: negative(arnLikeOperator),
  ArnNotLike: negative(arnLikeOperator),
  NumericEquals: numericEquals,
  NumericNotEquals: negative(numericEquals),
  NumericLessThan: positive(numeric((a, b) => a < b)),
  NumericLessThanEquals: positive(numeric((a, b) => a <= b)),
  NumericGreaterThan: positive(numeric((a, b) => a > b)),
  NumericGreaterThanEquals: positive(numeric((a, b) => a >= b)),
  DateEquals: dateEquals,
  DateNotEquals: negative(dateEquals),
  DateLessThan: positive(date((a, b) => a < b)),
  DateLessThanEquals: positive(date((a, b) => a <= b)),
  DateGreaterThan: positive(date((a, b) => a > b)),
  DateGreaterThanEquals: positive(date((a, b) => a >= b)),
  Bool: positive(exact(lower), true),
  BinaryEquals: positive(exact(same)),
  IpAddress: ipAddress,
  NotIpAddress: negative(ipAddress),
};

interface ParsedOperator {
  set?: "ForAnyValue" | "ForAllValues";
  name: string;
  ifExists: boolean;
}

function parseOperator(text: string): ParsedOperator | undefined {
  const [, set, rest] = /^(?:(ForAnyValue|ForAllValues):)?(.+)$/.exec(text) ?? [];
  if (rest === undefined) return undefined;
  if (rest === "Null") return set ? undefined : { name: "Null", ifExists: false };
  const ifExists = rest.endsWith("IfExists");
  const name = ifExists ? rest.slice(0, -"IfExists".length) : rest;
  if (!(name in OPERATORS)) return undefined;
  return { set: set as ParsedOperator["set"], name, ifExists };
}

export function isKnownOperator(text: string): boolean {
  return parseOperator(text) !== undefined;
}

function holds(
  parsed: ParsedOperator,
  policyValues: string[],
  requestValue: ContextValue | undefined,
  lookup: ContextLookup | undefined,
): boolean {
  const absent = requestValue === undefined || (Array.isArray(requestValue) && requestValue.length === 0);
  if (parsed.name === "Null") {
    // "true": the key must be absent; "false": present.
    return policyValues.some((value) => (value.toLowerCase() === "true") === absent);
  }
  const operator = OPERATORS[parsed.name];
  const variables = operator.variables ? lookup : undefined;
  // A request value passes when it matches some policy value (negated: none of them).
  const passes = (value: string) =>
    policyValues.some((policy) => operator.matches(policy, value, variables)) !== operator.negated;
  if (absent) {
    if (parsed.ifExists) return true;
    if (parsed.set === "ForAllValues") return true;
    if (parsed.set === "ForAnyValue") return false;
    return operator.negated;
  }
  const values = Array.isArray(requestValue) ? requestValue : [requestValue];
  if (parsed.set === "ForAllValues") return values.every(passes);
  if (parsed.set === "ForAnyValue") return values.some(passes);
  return operator.negated ? values.every(passes) : values.some(passes);
}

/**
 * Does the whole Condition block hold? `lookup` reads the request context; `variables` is the same
 * lookup for 2012-10-17 documents and undefined for 2008-10-17 ones (no policy variables there).
 */
export function conditionsHold(
  condition: Record<string, Record<string, string[]>>,
  lookup: ContextLookup,
  variables: ContextLookup | undefined,
): boolean {
  return Object.entries(condition).every(([operatorText, keys]) => {
    const parsed = parseOperator(operatorText);
    if (!parsed) return false;
    return Object.entries(keys).every(([key, values]) => holds(parsed, values, lookup(key), variables));
  });
}
