/**
 * The GraphQL API with X-Ray tracing (serverless.yml picks it with `tracing=true`): the same handler
 * as handlers/graphql.ts, with every AWS SDK client it makes (Chime, STS, DynamoDB) recorded by
 * Powertools Tracer, so each call is a subsegment of the invocation's trace, and a `## handler`
 * subsegment annotated with the cold start. Nothing of the request or its answer is recorded. The
 * tracer's code is bundled only into this handler: `npm run bench:cold-start` measures what it adds.
 */
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { loadConfig } from "../src/config";
import { createGraphqlHandler } from "../src/graphql/lambda";

const config = loadConfig(process.env);
const tracer = new Tracer({ serviceName: config.serviceName });
const graphql = createGraphqlHandler(config, { instrumentClient: (client) => tracer.captureAWSv3Client(client) });

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment("## handler");
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await graphql(event, context);
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
  }
};
