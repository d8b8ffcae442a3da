/**
 * The DynamoDB client of the rate limits, created once per container like the Chime and STS clients:
 * the Lambda role and region on AWS; locally `AWS_ENDPOINT_URL_DYNAMODB` (the emulator `npm start`
 * runs). Short timeouts and one retry: a limit check must never be what makes a request slow.
 */
import { DynamoDBClient, type UpdateItemCommand, type UpdateItemCommandOutput } from "@aws-sdk/client-dynamodb";
import { onFirstUse, sdkClientConfig, type ChimeClientOptions, type Instrument } from "../chime/clients";
import type { UpdateItemSender } from "./rateLimiter";

export function createDynamoClient(options: ChimeClientOptions): DynamoDBClient {
  return new DynamoDBClient({ ...sdkClientConfig(options), maxAttempts: 2 });
}

/** The client created on the first UpdateItem: reads are not limited by default, so a container may never need it. */
export function dynamoOnFirstUse(
  options: ChimeClientOptions,
  instrument: Instrument = (client) => client,
): UpdateItemSender {
  return onFirstUse<UpdateItemCommand, UpdateItemCommandOutput>(() => instrument(createDynamoClient(options)));
}
