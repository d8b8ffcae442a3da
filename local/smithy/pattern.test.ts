import { officialModels } from "../models";
import type { Shape } from "./model";
import { compilePattern } from "./pattern";

/** Every @pattern of the vendored models, with the shape that carries it. */
function allPatterns(): Map<string, string> {
  const patterns = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (shape: Shape) => {
    if (seen.has(shape.id)) return;
    seen.add(shape.id);
    const pattern = shape.traits["smithy.api#pattern"];
    if (typeof pattern === "string") patterns.set(pattern, shape.id);
    for (const member of [...shape.members, shape.member, shape.key, shape.value]) {
      if (!member) continue;
      const own = member.traits["smithy.api#pattern"];
      if (typeof own === "string") patterns.set(own, `${shape.id}$${member.name}`);
      visit(member.target);
    }
  };
  const { messaging, identity, sts } = officialModels();
  for (const model of [messaging, identity, sts]) for (const operation of model.operations) visit(operation.input);
  return patterns;
}

test("every pattern of the models compiles", () => {
  const patterns = allPatterns();
  expect(patterns.size).toBeGreaterThan(10);
  for (const pattern of patterns.keys()) expect(() => compilePattern(pattern)).not.toThrow();
});

test("patterns are searched, not anchored, unless they say so (UserName's \\S: a non-space somewhere)", () => {
  const userName = compilePattern("\\S");
  expect(userName.test("  a  ")).toBe(true);
  expect(userName.test("   ")).toBe(false);
  const metadata = compilePattern(".*");
  expect(metadata.test("line\nbreak")).toBe(true);
  const anchored = compilePattern("^[-_a-zA-Z0-9]*$");
  expect(anchored.test("ok-token")).toBe(true);
  expect(anchored.test("not ok")).toBe(false);
});

describe("AWS's XML-character names (\\u10000-\\u10FFFF read as code points)", () => {
  const name = compilePattern(
    "^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]*$",
  );
  const codes = (value: string) => [...value].map((c) => `U+${c.codePointAt(0)?.toString(16).toUpperCase()}`).join(" ");
  test.each(["Zoë 👩‍💻", "\u0085", "\u00ad", "\ue000", "\u2028", "\t\n\r", "𝄞"].map((v) => [codes(v), v]))(
    "admits %s",
    (_, value) => expect(name.test(value)).toBe(true),
  );
  // Read as ECMA 262 writes it, `\u10000-\u10FFFF` would be `\u1000` and the range 0-U+10FF, which
  // admits U+007F-U+009F: the controls the pattern leaves out.
  test.each(
    ["\u0000", "\u0007", "\u007f", "\u0090", "\ufffe", "\uffff", "\ud800", "a\udc00"].map((v) => [codes(v), v]),
  )("refuses %s", (_, value) => expect(name.test(value)).toBe(false));
});

test("Unicode property escapes (STS's tag keys) compile with the u flag", () => {
  const tagKey = compilePattern("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$");
  expect(tagKey.flags).toContain("u");
  expect(tagKey.test("Ünïcode key 1")).toBe(true);
  expect(tagKey.test("no*wildcards")).toBe(false);
});

test("escapes only legal without the u flag keep working (ChannelId's \\: \\@)", () => {
  const channelId = compilePattern("^[A-Za-z0-9]([A-Za-z0-9\\:\\-\\_\\.\\@]{0,62}[A-Za-z0-9])?$");
  expect(channelId.flags).not.toContain("u");
  expect(channelId.test("team:chat@1")).toBe(true);
  expect(channelId.test("-leading")).toBe(false);
});
