/**
 * The executable schema (a pure unit: no server). The server builds it from the document codegen
 * wrote, without checking it again (`assumeValidSDL`, `assumeValid`): these tests are those checks.
 */
import {
  buildASTSchema,
  GraphQLScalarType,
  isObjectType,
  parse,
  printSchema,
  validateSchema,
  type DocumentNode,
} from "graphql";
import { schemaDocument, typeDefs } from "../../src/graphql/generated/typeDefs";
import type { Resolvers } from "../../src/graphql/generated/resolvers";
import { resolvers } from "../../src/graphql/resolvers";
import { DateTime } from "../../src/graphql/scalars";
import { buildSchema, setResolvers } from "../../src/graphql/schema";

/** graphql-js's AST without what the generated document leaves out (empty lists, `block: false`). */
function withoutAbsentFields(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutAbsentFields);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(Array.isArray(value) && value.length === 0) && !(key === "block" && value === false))
      .map(([key, value]) => [key, withoutAbsentFields(value)]),
  );
}

test("the generated document is graphql-js's parse of the SDL, without locations", () => {
  expect(schemaDocument).toEqual(withoutAbsentFields(parse(typeDefs, { noLocation: true })));
  expect(JSON.stringify(schemaDocument)).not.toContain('"loc"');
});

test("the document passes every check the server skips: the SDL's and the type system's", () => {
  // Without `assumeValidSDL`, buildASTSchema runs graphql-js's SDL rules and throws on a violation.
  const checked = buildASTSchema(schemaDocument);
  expect(validateSchema(checked)).toEqual([]);
  expect(printSchema(checked)).toBe(typeDefs);
});

test("the executable schema is the SDL's schema, with every resolver on its field", () => {
  const schema = buildSchema(resolvers);
  expect(printSchema(schema)).toBe(typeDefs);
  expect(validateSchema(schema)).toEqual([]);
  let set = 0;
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (fields instanceof GraphQLScalarType) continue;
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    for (const [fieldName, resolve] of Object.entries(fields as Record<string, unknown>)) {
      expect([typeName, fieldName, type.getFields()[fieldName].resolve]).toEqual([typeName, fieldName, resolve]);
      set += 1;
    }
  }
  expect(set).toBeGreaterThan(50);
});

test("the DateTime scalar of the schema coerces as src/graphql/scalars.ts says", () => {
  const dateTime = buildSchema(resolvers).getType("DateTime") as GraphQLScalarType;
  expect(dateTime.serialize(new Date(Date.UTC(2026, 10, 23, 10, 15, 30)))).toBe("2026-11-23T10:15:30.000Z");
  expect(dateTime.parseValue("2026-11-23T11:15:30+01:00")).toEqual(new Date(Date.UTC(2026, 10, 23, 10, 15, 30)));
  expect(() => dateTime.parseValue("yesterday")).toThrow("DateTime must be an ISO-8601 date-time");
  expect(() => dateTime.parseLiteral({ kind: "IntValue", value: "1" } as never, undefined)).toThrow(
    "DateTime must be a string.",
  );
  expect(dateTime.serialize).toBe(DateTime.serialize);
});

describe("setResolvers refuses resolvers the schema would ignore", () => {
  const document: DocumentNode = parse("scalar When type Query { now: When, name: String } enum Color { RED }");
  const cases: [string, unknown, string][] = [
    ["a type the schema lacks", { Mutation: { now: () => null } }, "Mutation, which is no object type"],
    ["a field the schema lacks", { Query: { later: () => null } }, "Query.later, which is not in the schema"],
    ["a resolver that is no function", { Query: { name: "Ada" } }, "Query.name is not a function"],
    ["an enum's values", { Color: { RED: "#f00" } }, "Color, which is no object type"],
    ["a scalar the schema lacks", { Instant: new GraphQLScalarType({ name: "Instant" }) }, "scalar Instant"],
  ];
  test.each(cases)("%s", (_, given, message) => {
    expect(() => setResolvers(buildASTSchema(document), given as Resolvers)).toThrow(message);
  });
});
