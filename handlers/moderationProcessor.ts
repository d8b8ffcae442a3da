/**
 * Lambda entry point of the moderation processor (serverless.yml's `moderationProcessor`, deployed with
 * `moderation=true`): the channel flow's processor, see src/moderation/processor.ts. Everything is made
 * once per container. The clients follow the SDK's standard configuration: the function's own role
 * and region on AWS; under `npm start`, the local moderation role's key and the local endpoint.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { Logger } from "@aws-lambda-powertools/logger";
import { sdkClientConfig } from "../src/chime/clients";
import { loadModerationConfig } from "../src/moderation/config";
import { ModerationDecisions } from "../src/moderation/decisions";
import { createModerator } from "../src/moderation/policy";
import { createModerationProcessor } from "../src/moderation/processor";

const config = loadModerationConfig(process.env);
const clientConfig = sdkClientConfig({ region: config.region, connectionTimeoutMs: 3000, requestTimeoutMs: 10_000 });

export const handler = createModerationProcessor({
  messaging: new ChimeSDKMessagingClient(clientConfig),
  moderate: createModerator(config.policy),
  decisions: config.decisionsTable
    ? new ModerationDecisions(new DynamoDBClient({ ...clientConfig, maxAttempts: 2 }), config.decisionsTable)
    : undefined,
  logger: new Logger({ serviceName: "chime-chat-api-moderation" }),
});
