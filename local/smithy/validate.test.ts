import { readServiceModel } from "./model";
import { ValidatorCompiler, validationMessage } from "./validate";

/** A small model in the JSON AST form, with one operation whose input exercises every constraint. */
const model = readServiceModel({
  smithy: "2.0",
  shapes: {
    "example#Service": {
      type: "service",
      operations: [{ target: "example#Op" }],
      traits: { "aws.api#service": { sdkId: "Example Service" } },
    },
    "example#Op": { type: "operation", input: { target: "example#Input" } },
    "example#Input": {
      type: "structure",
      members: {
        Id: { target: "example#Id", traits: { "smithy.api#required": {} } },
        Secret: { target: "example#Secret" },
        Count: { target: "example#Count" },
        Kind: { target: "example#Kind" },
        Settings: { target: "example#Settings" },
        Ids: { target: "example#IdList" },
        Items: { target: "example#ItemList" },
        Attributes: { target: "example#Attributes" },
        Tree: { target: "example#Tree" },
      },
    },
    "example#Id": {
      type: "string",
      traits: { "smithy.api#length": { min: 2, max: 4 }, "smithy.api#pattern": "^[a-z]*$" },
    },
    "example#Secret": { type: "string", traits: { "smithy.api#length": { max: 3 }, "smithy.api#sensitive": {} } },
    "example#Count": { type: "integer", traits: { "smithy.api#range": { min: 1, max: 50 } } },
    "example#Kind": {
      type: "enum",
      members: {
        A: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": "ALPHA" } },
        B: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": "BETA" } },
      },
    },
    "example#Settings": {
      type: "structure",
      members: {
        Days: { target: "example#Count", traits: { "smithy.api#required": {} } },
        Kind: { target: "example#Kind", traits: { "smithy.api#required": {} } },
      },
    },
    "example#IdList": { type: "list", member: { target: "example#Id" }, traits: { "smithy.api#length": { max: 2 } } },
    "example#ItemList": { type: "list", member: { target: "example#Settings" } },
    "example#Attributes": { type: "map", key: { target: "example#Id" }, value: { target: "example#Secret" } },
    "example#Tree": { type: "structure", members: { Child: { target: "example#Tree" }, Id: { target: "example#Id" } } },
  },
});
const input = model.operations[0].input;
const validate = new ValidatorCompiler().input(input);
const messageOf = (value: Record<string, unknown>) => validationMessage(validate(value));

test("a valid input has no violation", () => {
  expect(validate({ Id: "abc", Count: 50, Kind: "BETA", Settings: { Days: 1, Kind: "ALPHA" } })).toEqual([]);
});

test("one violation reads as AWS writes it", () => {
  expect(messageOf({ Id: "abcde" })).toBe(
    "1 validation error detected: Value 'abcde' at 'id' failed to satisfy constraint: " +
      "Member must have length less than or equal to 4",
  );
});

test("several are counted and joined, each violated constraint once, in the model's member order", () => {
  expect(messageOf({ Id: "A", Count: 0, Kind: "GAMMA" })).toBe(
    "4 validation errors detected: " +
      "Value 'A' at 'id' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
      "Value 'A' at 'id' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]*$; " +
      "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
      "Value 'GAMMA' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [ALPHA, BETA]",
  );
});

test("a missing required member is null; nested members are named with dots", () => {
  expect(messageOf({ Settings: { Days: 51 } })).toBe(
    "3 validation errors detected: " +
      "Value null at 'id' failed to satisfy constraint: Member must not be null; " +
      "Value '51' at 'settings.days' failed to satisfy constraint: Member must have value less than or equal to 50; " +
      "Value null at 'settings.kind' failed to satisfy constraint: Member must not be null",
  );
});

test("a sensitive member's value is never shown", () => {
  expect(messageOf({ Id: "ab", Secret: "hunter2" })).toBe(
    "1 validation error detected: Value at 'secret' failed to satisfy constraint: " +
      "Member must have length less than or equal to 3",
  );
});

test("length counts code points: an emoji is one, as Smithy's @length counts a string", () => {
  expect(validate({ Id: "ab", Secret: "😀😀😀" })).toEqual([]);
  expect(validate({ Id: "ab", Secret: "😀😀😀😀" })).toHaveLength(1);
  expect(validate({ Id: "ab", Secret: "ééé" })).toEqual([]);
});

test("structures in a list are named by position; strings in a list are reported at the list", () => {
  expect(messageOf({ Id: "ab", Items: [{ Days: 1, Kind: "ALPHA" }, { Days: 1 }] })).toBe(
    "1 validation error detected: Value null at 'items.2.member.kind' failed to satisfy constraint: Member must not be null",
  );
  expect(messageOf({ Id: "ab", Ids: ["ok", "NOT"] })).toBe(
    "1 validation error detected: Value '[ok, NOT]' at 'ids' failed to satisfy constraint: Member must satisfy " +
      "constraint: [Member must have length less than or equal to 4, Member must have length greater than or equal to 2, " +
      "Member must satisfy regular expression pattern: ^[a-z]*$]",
  );
  expect(messageOf({ Id: "ab", Ids: ["ab", "cd", "ef"] })).toBe(
    "1 validation error detected: Value '[ab, cd, ef]' at 'ids' failed to satisfy constraint: " +
      "Member must have length less than or equal to 2",
  );
});

test("a map's keys and values are reported at the map, a sensitive value redacted in it", () => {
  expect(messageOf({ Id: "ab", Attributes: { KEY: "v" } })).toMatch(
    /^1 validation error detected: Value '\{KEY=\*\*\* Sensitive Data Redacted \*\*\*\}' at 'attributes' failed to satisfy constraint: Map keys must satisfy constraint: \[/,
  );
  expect(messageOf({ Id: "ab", Attributes: { ok: "toolong" } })).toBe(
    "1 validation error detected: Value '{ok=*** Sensitive Data Redacted ***}' at 'attributes' failed to satisfy " +
      "constraint: Map value must satisfy constraint: [Member must have length less than or equal to 3]",
  );
});

test("a recursive structure compiles and validates at any depth", () => {
  expect(messageOf({ Id: "ab", Tree: { Child: { Child: { Id: "X" } } } })).toBe(
    "2 validation errors detected: " +
      "Value 'X' at 'tree.child.child.id' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
      "Value 'X' at 'tree.child.child.id' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]*$",
  );
});
