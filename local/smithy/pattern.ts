/**
 * Smithy's @pattern as a JavaScript RegExp. Smithy patterns are ECMA 262 regular expressions and are
 * not anchored unless they say so (identity's UserName is `\S`: "has a non-space character"), so they
 * are searched, exactly as written. Two readings are needed to run AWS's patterns in JavaScript:
 *
 * - Patterns with Unicode property escapes (`\p{L}` in STS's tag keys) only parse with the `u` flag,
 *   which then also matches by code point. The others are compiled without it: under `u`, identity
 *   escapes such as the `\:` and `\@` of ChannelId are syntax errors.
 * - AWS writes the XML Char production's supplementary range as `\u10000-\u10FFFF` (Name, RoleArn).
 *   ECMA 262 reads `\u1000` followed by the digit `0`, which would make the range `0`-U+10FF and so
 *   admit U+007F-U+009F, the very controls the pattern leaves out: the pattern means code points
 *   U+10000-U+10FFFF, and is compiled that way (`\u{10000}-\u{10FFFF}`, with `u`).
 */
const SUPPLEMENTARY_RANGE = "\\u10000-\\u10FFFF";

export function compilePattern(pattern: string): RegExp {
  const supplementary = pattern.includes(SUPPLEMENTARY_RANGE);
  const unicode = supplementary || /\\[pP]\{/.test(pattern);
  const source = supplementary ? pattern.split(SUPPLEMENTARY_RANGE).join("\\u{10000}-\\u{10FFFF}") : pattern;
  return new RegExp(source, unicode ? "u" : "");
}
