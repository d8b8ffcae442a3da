/**
 * The DynamoDB client of the rate limits and the moderation denials, one per container like the Chime
 * and STS clients (made when first needed: src/graphql/lambda.ts):
 * the Lambda role and region on AWS; locally `AWS_ENDPOINT_URL_DYNAMODB` (the emulator `npm start`
 * runs). Short timeouts and one retry: a limit check must never be what makes a request slow.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { sdkClientConfig, type ChimeClientOptions } from "../chime/clients";

export function createDynamoClient(options: ChimeClientOptions): DynamoDBClient {
  return new DynamoDBClient({ ...sdkClientConfig(options), maxAttempts: 2 });
}
