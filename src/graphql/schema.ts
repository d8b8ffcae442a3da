/**
 * The executable schema: the pre-parsed document of schema/*.graphql (codegen writes it) built with
 * graphql-js, and the resolvers set on its fields in place.
 *
 * Building it is the largest part of a cold start that the API controls, so it does only what must
 * happen in the container: the SDL was parsed at codegen time, and the checks of the SDL and of the
 * type system (`assumeValidSDL`, `assumeValid`) run in `npm test` (test/api/schema.test.ts), not at
 * every cold start, since the document cannot change between them. The resolvers are set on the
 * built schema in place: graphql-tools' makeExecutableSchema would merge the one document with itself
 * and copy the whole schema to add them (about a tenth of the bundle, and more load time than the
 * build itself).
 */
import { buildASTSchema, GraphQLScalarType, isObjectType, type GraphQLSchema } from "graphql";
import type { Resolvers } from "./generated/resolvers";
import { schemaDocument } from "./generated/typeDefs";

export function buildSchema(resolvers: Resolvers): GraphQLSchema {
  const schema = buildASTSchema(schemaDocument, { assumeValidSDL: true, assumeValid: true });
  setResolvers(schema, resolvers);
  return schema;
}

/**
 * Sets each object type's field resolvers and each custom scalar's coercion on the schema's own
 * types. Anything else (a type or field the schema does not have, a resolver that is not a function)
 * throws: the API does not start with resolvers the schema would silently ignore.
 */
export function setResolvers(schema: GraphQLSchema, resolvers: Resolvers): void {
  for (const [typeName, definition] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (definition instanceof GraphQLScalarType) {
      if (!(type instanceof GraphQLScalarType))
        throw new Error(`The resolvers' scalar ${typeName} is not in the schema.`);
      type.serialize = definition.serialize;
      type.parseValue = definition.parseValue;
      type.parseLiteral = definition.parseLiteral;
      continue;
    }
    if (!isObjectType(type)) throw new Error(`The resolvers name ${typeName}, which is no object type of the schema.`);
    const fields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(definition as Record<string, unknown>)) {
      const field = fields[fieldName];
      if (!field) throw new Error(`The resolvers name ${typeName}.${fieldName}, which is not in the schema.`);
      if (typeof resolve !== "function") throw new Error(`The resolver of ${typeName}.${fieldName} is not a function.`);
      field.resolve = resolve as typeof field.resolve;
    }
  }
}
