/**
 * The graphql-js floor of `npm run bench:cold-start`: what any GraphQL API on graphql-js loads, with
 * no Apollo Server. graphql-js, this project's schema built from the document codegen parsed (as the
 * API builds it: src/graphql/schema.ts), one ChimeSDKMessagingClient created at load, and a handler
 * that parses the event's body and executes it against resolvers answering constants: no HTTP
 * semantics, no protections, no authentication, no logging. It shows how far below the Apollo floor
 * an API on this schema could go, and whether any could meet the hello budget.
 */
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { buildASTSchema, graphql } from "graphql";
import { schemaDocument } from "../../src/graphql/generated/typeDefs";

const client = new ChimeSDKMessagingClient({});

const schema = buildASTSchema(schemaDocument, { assumeValidSDL: true, assumeValid: true });
const me = schema.getQueryType()?.getFields().me;
if (me) me.resolve = () => ({ id: "arn", arn: "arn", userId: "user", name: client.config.serviceId, isAdmin: false });

export const handler = async (event: APIGatewayProxyEventV2) => {
  const { query, variables } = JSON.parse(event.body ?? "{}") as { query: string; variables?: Record<string, unknown> };
  const result = await graphql({ schema, source: query, variableValues: variables });
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(result) };
};
