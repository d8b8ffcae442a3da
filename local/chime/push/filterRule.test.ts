/**
 * Filter rules as the developer guide's "Using filter rules to filter messages" shows them: each example
 * rule, and the messages it says are received or not. Pure units (parsing and matching).
 */
import { BadRequestError } from "../errors";
import { checkMessageAttributesSize, matchesFilterRule, parseFilterRule, type MessageAttributes } from "./filterRule";

const attributes = (map: Record<string, string[]>): MessageAttributes =>
  Object.fromEntries(Object.entries(map).map(([key, values]) => [key, { StringValues: values }]));

const passes = (rule: string, map: Record<string, string[]>) =>
  matchesFilterRule(parseFilterRule(rule), attributes(map));

test("inclusive string matching: mention Bob", () => {
  const rule = '{"mention":["Bob"]}';
  expect(passes(rule, { mention: ["Bob", "Alice"] })).toBe(true);
  expect(passes(rule, { mention: ["Tom"] })).toBe(false);
});

test("exclusive string matching: anything but type Room", () => {
  const rule = '{"type":[{"anything-but": ["Room"]}]}';
  expect(passes(rule, { type: ["Conversation"] })).toBe(true);
  expect(passes(rule, { type: ["Room"] })).toBe(false);
});

test("AND: both keys must match", () => {
  const rule = '{"type":[{"anything-but": ["Room"]}],"mention":["Bob"]}';
  expect(passes(rule, { mention: ["Bob"], type: ["Conversation"] })).toBe(true);
  expect(passes(rule, { mention: ["Bob"], type: ["Room"] })).toBe(false);
  expect(passes(rule, { mention: ["Tom"], type: ["Conversation"] })).toBe(false);
});

test("OR: $or, one alternative is enough", () => {
  const rule = '{"$or":[{"mention":["Bob"]},{"type":[{"anything-but": ["Room"]}]}]}';
  expect(passes(rule, { mention: ["Bob"] })).toBe(true);
  expect(passes(rule, { type: ["Conversation"] })).toBe(true);
  expect(passes(rule, { type: ["Room"], mention: ["Tom"] })).toBe(false);
});

test("readings: a missing attribute meets no condition, anything-but included; several conditions of a key are an OR", () => {
  expect(passes('{"sender":[{"anything-but":["me"]}]}', {})).toBe(false);
  expect(passes('{"sender":[{"anything-but":["me"]}]}', { sender: ["you"] })).toBe(true);
  expect(passes('{"sender":[{"anything-but":"me"}]}', { sender: ["me"] })).toBe(false);
  expect(passes('{"t":["a",{"anything-but":["a","b"]}]}', { t: ["c"] })).toBe(true);
  expect(passes('{"t":["a",{"anything-but":["a","b"]}]}', { t: ["b"] })).toBe(false);
  expect(passes('{"x":["1"],"$or":[{"y":["2"]},{"z":["3"]}]}', { x: ["1"], z: ["3"] })).toBe(true);
  expect(passes('{"x":["1"],"$or":[{"y":["2"]},{"z":["3"]}]}', { y: ["2"], z: ["3"] })).toBe(false);
});

test("complexity counts keys and values, in $or alternatives too", () => {
  // 5 alternatives of 1 key and 3 values: 20.
  const alternatives = Array.from({ length: 5 }, (_, i) => ({ [`k${i}`]: ["a", "b", "c"] }));
  expect(() => parseFilterRule(JSON.stringify({ $or: alternatives }))).not.toThrow();
  alternatives[0].k0.push("d");
  expect(() => parseFilterRule(JSON.stringify({ $or: alternatives }))).toThrow(/complexity of 20.*has 21/);
});

test("structure: an object of keys with non-empty condition lists", () => {
  for (const bad of [
    "[]",
    '"text"',
    "{}",
    '{"k":[]}',
    '{"k":"v"}',
    '{"$or":[]}',
    '{"$or":{"k":["v"]}}',
    '{"k":[{"anything-but":[]}]}',
  ]) {
    expect(() => parseFilterRule(bad)).toThrow(BadRequestError);
  }
});

test("message attributes: a total size of 1KB, keys and values in bytes of UTF-8", () => {
  const ofBytes = (n: number) => ({ k: { StringValues: ["é".repeat((n - 1) / 2)] } });
  expect(() => checkMessageAttributesSize(ofBytes(1023))).not.toThrow();
  expect(() => checkMessageAttributesSize(ofBytes(1025))).toThrow(/total message attribute size of 1KB/);
});
