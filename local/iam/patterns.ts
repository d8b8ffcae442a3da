/**
 * Wildcard patterns of policies, with policy variables. `*` matches any run of characters and `?` one
 * character; in an ARN they stay within one of the first five colon-separated parts and roam freely in
 * the resource part. A variable's value is inserted as literal text: a tag value of `*` is a star,
 * not a wildcard. A variable without a value (and no default) makes the whole pattern match nothing.
 */
export type ContextValue = string | string[];
/** Looks a condition key up; names are case-insensitive. */
export type ContextLookup = (key: string) => ContextValue | undefined;

type Token = { kind: "text"; text: string; fromPolicy: boolean } | { kind: "any" } | { kind: "one" };

// ${key} or ${key, 'default'}; ${*}, ${?} and ${$} stand for the literal characters.
const VARIABLE = /^\$\{([^}]*)\}/;
const DEFAULTED = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

/**
 * Splits a pattern into tokens. `lookup` is undefined for 2008-10-17 documents, where `${...}` is plain
 * text. Returns undefined when a variable has no value.
 */
export function tokenize(pattern: string, lookup: ContextLookup | undefined): Token[] | undefined {
  const tokens: Token[] = [];
  let text = "";
  const flush = () => {
    if (text) tokens.push({ kind: "text", text, fromPolicy: true });
    text = "";
  };
  for (let i = 0; i < pattern.length;) {
    const char = pattern[i];
    const variable = lookup && char === "$" ? VARIABLE.exec(pattern.slice(i)) : null;
    if (variable) {
      const body = variable[1];
      if (body === "*" || body === "?" || body === "$") {
        text += body;
      } else {
        const defaulted = DEFAULTED.exec(body);
        const key = defaulted ? defaulted[1] : body.trim();
        const value = (lookup as ContextLookup)(key);
        // Only single-valued keys can be variables.
        const resolved = typeof value === "string" ? value : defaulted?.[2];
        if (resolved === undefined) return undefined;
        flush();
        tokens.push({ kind: "text", text: resolved, fromPolicy: false });
      }
      i += variable[0].length;
    } else if (char === "*" || char === "?") {
      flush();
      tokens.push({ kind: char === "*" ? "any" : "one" });
      i++;
    } else {
      text += char;
      i++;
    }
  }
  flush();
  return tokens;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A regular expression for the tokens. In ARN mode the wildcards of the first five parts do not cross
 * `:`; only colons written in the policy separate parts.
 */
function compile(tokens: Token[], mode: "plain" | "arn", ignoreCase: boolean): RegExp {
  let colons = 0;
  let source = "";
  for (const token of tokens) {
    const inResourcePart = mode === "plain" || colons >= 5;
    if (token.kind === "any") source += inResourcePart ? ".*" : "[^:]*";
    else if (token.kind === "one") source += inResourcePart ? "." : "[^:]";
    else {
      source += escapeRegExp(token.text);
      if (token.fromPolicy) colons += token.text.split(":").length - 1;
    }
  }
  return new RegExp(`^${source}$`, ignoreCase ? "si" : "s");
}

const cache = new Map<string, RegExp>();

function matches(
  pattern: string,
  value: string,
  mode: "plain" | "arn",
  ignoreCase: boolean,
  lookup: ContextLookup | undefined,
): boolean {
  const hasVariable = lookup !== undefined && pattern.includes("${");
  const cacheKey = `${mode}${ignoreCase ? "i" : ""}|${pattern}`;
  let regex = hasVariable ? undefined : cache.get(cacheKey);
  if (!regex) {
    const tokens = tokenize(pattern, lookup);
    if (!tokens) return false;
    regex = compile(tokens, mode, ignoreCase);
    if (!hasVariable) cache.set(cacheKey, regex);
  }
  return regex.test(value);
}

/** Actions: case-insensitive, wildcards anywhere, no variables. */
export function actionMatches(pattern: string, action: string): boolean {
  return matches(pattern, action, "plain", true, undefined);
}

/** Resources: `*` alone matches everything; otherwise ARN rules, case-sensitive. */
export function resourceMatches(pattern: string, resource: string, lookup: ContextLookup | undefined): boolean {
  return pattern === "*" || matches(pattern, resource, "arn", false, lookup);
}

/** StringLike: case-sensitive, wildcards anywhere, across colons too. */
export function stringLike(pattern: string, value: string, lookup: ContextLookup | undefined): boolean {
  return matches(pattern, value, "plain", false, lookup);
}

/** ArnLike: compared part by part, like resources. */
export function arnLike(pattern: string, value: string, lookup: ContextLookup | undefined): boolean {
  return matches(pattern, value, "arn", false, lookup);
}

/** A condition value with its variables replaced, for the exact-match operators; undefined when unresolvable. */
export function substitute(value: string, lookup: ContextLookup | undefined): string | undefined {
  const tokens = tokenize(value, lookup);
  return tokens?.map((token) => (token.kind === "text" ? token.text : token.kind === "any" ? "*" : "?")).join("");
}
