/**
 * Policy variables (2012-10-17 documents only): `${key}` and `${key, 'default'}` are replaced by the
 * request's value for that key (names are case-insensitive), and `${*}`, `${?}`, `${$}` stand for
 * the literal characters. A substituted value is literal text: a tag value of `*` is a star, not a
 * wildcard. A variable without a value (and no default) leaves the pattern unresolvable.
 */
export type ContextValue = string | string[];
/** Looks a condition key up; names are case-insensitive. */
export type ContextLookup = (key: string) => ContextValue | undefined;

/**
 * A pattern as tokens. `colon` is a colon written in the policy (it separates ARN parts); a colon
 * inside a substituted value is plain text.
 */
export type Token = { kind: "text"; text: string } | { kind: "colon" } | { kind: "any" } | { kind: "one" };

const VARIABLE = /^\$\{([^}]*)\}/;
const DEFAULTED = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;
const ESCAPES = new Set(["*", "?", "$"]);

function resolve(body: string, lookup: ContextLookup): string | undefined {
  if (ESCAPES.has(body)) return body;
  const defaulted = DEFAULTED.exec(body);
  const value = lookup(defaulted ? defaulted[1] : body.trim());
  // Only single-valued keys can be variables.
  return typeof value === "string" ? value : defaulted?.[2];
}

/**
 * Splits a pattern into tokens, `*` and `?` being wildcards. `lookup` is undefined where variables do
 * not exist (2008-10-17 documents, Numeric/Date/... operators, actions): `${...}` is then plain text.
 * `variablesFromColon`: variables count only after that many policy colons (5 for Resource: only the
 * resource part of an ARN may hold them). Returns undefined when a variable has no value.
 */
export function tokenize(
  pattern: string,
  lookup: ContextLookup | undefined,
  variablesFromColon = 0,
): Token[] | undefined {
  const tokens: Token[] = [];
  let colons = 0;
  const pushText = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === "text") last.text += text;
    else tokens.push({ kind: "text", text });
  };
  for (let i = 0; i < pattern.length;) {
    const char = pattern[i];
    const variable = lookup && char === "$" && colons >= variablesFromColon ? VARIABLE.exec(pattern.slice(i)) : null;
    if (variable && lookup) {
      const value = resolve(variable[1], lookup);
      if (value === undefined) return undefined;
      pushText(value);
      i += variable[0].length;
      continue;
    }
    if (char === "*") tokens.push({ kind: "any" });
    else if (char === "?") tokens.push({ kind: "one" });
    else if (char === ":") {
      tokens.push({ kind: "colon" });
      colons++;
    } else pushText(char);
    i++;
  }
  return tokens;
}

/** A condition value with its variables replaced, for the exact-match operators; undefined when unresolvable. */
export function substitute(value: string, lookup: ContextLookup | undefined): string | undefined {
  const tokens = tokenize(value, lookup);
  const literal = { any: "*", one: "?", colon: ":" } as const;
  return tokens?.map((token) => (token.kind === "text" ? token.text : literal[token.kind])).join("");
}
