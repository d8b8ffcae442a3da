/**
 * Wildcard matching for actions, resources and the Like operators. `*` matches any run of characters
 * and `?` one character; everything else (regex metacharacters included) is literal.
 *
 * ARNs (Resource, ArnLike): pattern and value are split into six parts on their first five colons.
 * Parts 1-5 are matched one by one and wildcards never cross a colon there; the sixth part (the
 * resource) is matched as a whole, `*` crossing `/` and `:`. Matching is case-sensitive.
 */
import { tokenize, type ContextLookup, type Token } from "./variables";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function regexSource(tokens: Token[], crossColons: boolean): string {
  const anyChar = crossColons ? "." : "[^:]";
  return tokens
    .map((token) =>
      token.kind === "any"
        ? `${anyChar}*`
        : token.kind === "one"
          ? anyChar
          : token.kind === "colon"
            ? ":"
            : escapeRegExp(token.text),
    )
    .join("");
}

const ARN_PARTS = 6;

/** Splits tokens on the first five policy colons. */
function tokenParts(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "colon" && parts.length < ARN_PARTS) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts;
}

/** Splits a value on its first five colons. */
export function arnParts(value: string): string[] {
  const parts = value.split(":");
  return parts.length <= ARN_PARTS ? parts : [...parts.slice(0, ARN_PARTS - 1), parts.slice(ARN_PARTS - 1).join(":")];
}

type Matcher = (value: string) => boolean;

function globMatcher(tokens: Token[], ignoreCase: boolean): Matcher {
  const regex = new RegExp(`^${regexSource(tokens, true)}$`, ignoreCase ? "si" : "s");
  return (value) => regex.test(value);
}

function arnMatcher(tokens: Token[]): Matcher {
  const parts = tokenParts(tokens).map((part, i) => new RegExp(`^${regexSource(part, i === ARN_PARTS - 1)}$`, "s"));
  return (value) => {
    const valueParts = arnParts(value);
    return valueParts.length === parts.length && parts.every((regex, i) => regex.test(valueParts[i]));
  };
}

type Mode = "glob" | "globIgnoreCase" | "arn" | "resource";

/** Matchers of patterns without variables, by mode and pattern (every request matches the same ones). */
const cache: Record<Mode, Map<string, Matcher>> = {
  glob: new Map(),
  globIgnoreCase: new Map(),
  arn: new Map(),
  resource: new Map(),
};

function matches(pattern: string, value: string, mode: Mode, lookup: ContextLookup | undefined): boolean {
  const variables = lookup !== undefined && pattern.includes("${") ? lookup : undefined;
  let matcher = variables ? undefined : cache[mode].get(pattern);
  if (!matcher) {
    const tokens = tokenize(pattern, variables, mode === "resource" ? ARN_PARTS - 1 : 0);
    if (!tokens) return false;
    matcher =
      mode === "arn" || mode === "resource" ? arnMatcher(tokens) : globMatcher(tokens, mode === "globIgnoreCase");
    if (!variables) cache[mode].set(pattern, matcher);
  }
  return matcher(value);
}

/** Actions: case-insensitive, wildcards anywhere, no variables. */
export function actionMatches(pattern: string, action: string): boolean {
  return matches(pattern, action, "globIgnoreCase", undefined);
}

/**
 * Resource/NotResource entries: `*` alone matches everything; otherwise ARN rules, with variables
 * (when `lookup` is given) only in the resource part. An unresolvable entry matches nothing.
 */
export function resourceMatches(pattern: string, resource: string, lookup: ContextLookup | undefined): boolean {
  return pattern === "*" || matches(pattern, resource, "resource", lookup);
}

/** StringLike: case-sensitive, wildcards anywhere, across colons too. */
export function stringLike(pattern: string, value: string, lookup: ContextLookup | undefined): boolean {
  return matches(pattern, value, "glob", lookup);
}

/** ArnLike/ArnEquals: compared part by part, like resources; variables anywhere in the value. */
export function arnLike(pattern: string, value: string, lookup: ContextLookup | undefined): boolean {
  return matches(pattern, value, "arn", lookup);
}
