/**
 * Lambda entry point of the GraphQL API (API Gateway HTTP API, payload format 2.0). Everything is
 * created once per container, when this module loads; see src/graphql/lambda.ts.
 */
import { loadConfig } from "../src/config";
import { createGraphqlHandler } from "../src/graphql/lambda";

export const handler = createGraphqlHandler(loadConfig(process.env));
