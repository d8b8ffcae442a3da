/**
 * Push notification filter rules (a channel membership's `FilterRule`), as the developer guide's "Using
 * filter rules to filter messages" documents them: an escaped JSON string run against the message's
 * attribute map (`MessageAttributes`), with inclusive and exclusive (`anything-but`) exact string
 * matching, combined with AND (several keys) or OR (`$or`). Its limits, in the guide's words:
 * - "We only support exact string matching";
 * - "A total filter rules size of 2KB" (read as 2,048 bytes of UTF-8);
 * - "A total message attribute size of 1KB" (1,024 bytes: every key and every value, UTF-8);
 * - "A maximum of five (5) separate constraints inside an OR filter rule";
 * - "A maximum complexity of 20 for the entire filter rule", the complexity being "the sum of the number
 *   of keys and values": the guide's example `{"type":[{"anything-but":["Room"]}],"mention":["Bob"]}`
 *   has 4 (keys type and mention, values Room and Bob), so operators (`anything-but`, `$or`) do not count.
 * AWS does not publish its error messages; ours quote the documented limit that was broken.
 *
 * Matching, where the guide is silent, follows the filter policies it borrows its syntax from (SNS and
 * EventBridge), _readings_: a key's list of conditions is an OR; a message matches a key when one of
 * the attribute's values meets one of them (the guide: a rule `mention: [Bob]` matches
 * `mention: [Bob, Alice]`); a message without the attribute matches no condition on it, `anything-but`
 * included.
 */
import { BadRequestError } from "../errors";

export const FILTER_RULE_MAX_BYTES = 2048;
export const MESSAGE_ATTRIBUTES_MAX_BYTES = 1024;
export const MAX_OR_CONSTRAINTS = 5;
export const MAX_COMPLEXITY = 20;

type Condition = { equals: string } | { anythingBut: readonly string[] };

/** A parsed rule: every key's conditions must be met (AND), and one alternative of each `$or`. */
export interface FilterRule {
  keys: ReadonlyMap<string, readonly Condition[]>;
  or: readonly (readonly FilterRule[])[];
}

export type MessageAttributes = Record<string, { StringValues?: string[] } | undefined>;

const OR = "$or";
const ANYTHING_BUT = "anything-but";

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

function invalid(message: string): BadRequestError {
  return new BadRequestError(`Invalid FilterRule: ${message}`);
}

const exactOnly = () =>
  invalid('we only support exact string matching: strings, or {"anything-but": [strings]}, per attribute key.');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The strings of an `anything-but`: one string, or a non-empty list of strings. */
function anythingButValues(value: unknown): string[] {
  const values = typeof value === "string" ? [value] : value;
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string")) throw exactOnly();
  return values as string[];
}

function condition(value: unknown, count: () => void): Condition {
  if (typeof value === "string") {
    count();
    return { equals: value };
  }
  if (isObject(value) && Object.keys(value).length === 1 && ANYTHING_BUT in value) {
    const values = anythingButValues(value[ANYTHING_BUT]);
    values.forEach(count);
    return { anythingBut: values };
  }
  throw exactOnly();
}

function rule(value: unknown, complexity: { n: number }): FilterRule {
  if (!isObject(value) || Object.keys(value).length === 0) {
    throw invalid("a rule is a JSON object of message attribute keys, each with a list of conditions.");
  }
  const keys = new Map<string, Condition[]>();
  const or: FilterRule[][] = [];
  for (const [key, conditions] of Object.entries(value)) {
    if (key === OR) {
      if (!Array.isArray(conditions) || conditions.length === 0) throw invalid(`${OR} takes a list of rules.`);
      if (conditions.length > MAX_OR_CONSTRAINTS) {
        throw invalid(
          `a maximum of five (${MAX_OR_CONSTRAINTS}) separate constraints inside an OR filter rule; this one has ${conditions.length}.`,
        );
      }
      or.push(conditions.map((alternative) => rule(alternative, complexity)));
      continue;
    }
    complexity.n++;
    if (!Array.isArray(conditions) || conditions.length === 0) throw exactOnly();
    keys.set(
      key,
      conditions.map((item) => condition(item, () => complexity.n++)),
    );
  }
  return { keys, or };
}

/**
 * Parses and checks a FilterRule against the documented limits; a BadRequestException says which one
 * it breaks.
 */
export function parseFilterRule(text: string): FilterRule {
  const size = bytes(text);
  if (size > FILTER_RULE_MAX_BYTES) {
    throw invalid(`a total filter rules size of 2KB (${FILTER_RULE_MAX_BYTES} bytes); this one has ${size}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid("the filter rule must be an escaped JSON string of an object.");
  }
  const complexity = { n: 0 };
  const parsed = rule(json, complexity);
  if (complexity.n > MAX_COMPLEXITY) {
    throw invalid(
      `a maximum complexity of ${MAX_COMPLEXITY} for the entire filter rule (the sum of the number of keys and values); this one has ${complexity.n}.`,
    );
  }
  return parsed;
}

/** Whether a message with these attributes passes the rule. */
export function matchesFilterRule(filter: FilterRule, attributes: MessageAttributes): boolean {
  for (const [key, conditions] of filter.keys) {
    const values = attributes[key]?.StringValues ?? [];
    const met = values.some((value) =>
      conditions.some((c) => ("equals" in c ? value === c.equals : !c.anythingBut.includes(value))),
    );
    if (!met) return false;
  }
  return filter.or.every((alternatives) =>
    alternatives.some((alternative) => matchesFilterRule(alternative, attributes)),
  );
}

/** "A total message attribute size of 1KB": every key and value, in bytes of UTF-8. */
export function checkMessageAttributesSize(attributes: MessageAttributes): void {
  let size = 0;
  for (const [key, value] of Object.entries(attributes)) {
    size += bytes(key);
    for (const item of value?.StringValues ?? []) size += bytes(item);
  }
  if (size > MESSAGE_ATTRIBUTES_MAX_BYTES) {
    throw new BadRequestError(
      `Invalid MessageAttributes: a total message attribute size of 1KB (${MESSAGE_ATTRIBUTES_MAX_BYTES} bytes); these have ${size}.`,
    );
  }
}
