/**
 * The Apollo floor of `npm run bench:cold-start`: the least any API on this stack loads. Apollo Server
 * 5 behind @as-integrations/aws-lambda, graphql-js, this project's schema built from its SDL the way
 * Apollo Server builds `typeDefs` (graphql-tools' makeExecutableSchema, called here because the
 * bundle leaves Apollo's own call out: esbuild.config.js), one ChimeSDKMessagingClient created at
 * load, and resolvers answering constants: no authentication, no logging, no limits.
 */
import { ApolloServer } from "@apollo/server";
import { handlers, startServerAndCreateLambdaHandler } from "@as-integrations/aws-lambda";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { typeDefs } from "../../src/graphql/generated/typeDefs";

const client = new ChimeSDKMessagingClient({});

const resolvers = {
  Query: {
    me: () => ({ id: "arn", arn: "arn", userId: "user", name: client.config.serviceId, isAdmin: false }),
  },
};

const server = new ApolloServer({ schema: makeExecutableSchema({ typeDefs: [typeDefs], resolvers }) });

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
