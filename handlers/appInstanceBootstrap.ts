/**
 * Lambda entry point of the stack's custom resources (serverless.yml): the AppInstance (the Chime app
 * instance, the backend_worker AppInstanceUser and its AppInstanceAdmin promotion, see
 * src/bootstrap/customResource.ts) and, with `moderation=true`, the ChannelFlow
 * (src/bootstrap/channelFlowResource.ts). The clients follow the SDK's standard configuration (the
 * function's own role and region on AWS).
 */
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import type { Context } from "aws-lambda";
import { createChannelFlowResourceHandler } from "../src/bootstrap/channelFlowResource";
import { createBootstrapHandler, type BootstrapEvent } from "../src/bootstrap/customResource";
import { createLogger } from "../src/logger";

const timeouts = { requestHandler: { connectionTimeout: 3000, requestTimeout: 15_000 } };
const logger = createLogger({ serviceName: "chime-chat-api-bootstrap" });
const appInstance = createBootstrapHandler({ identity: new ChimeSDKIdentityClient(timeouts), logger });
const channelFlow = createChannelFlowResourceHandler({ messaging: new ChimeSDKMessagingClient(timeouts), logger });

/** The resource type CloudFormation sends for deploy/moderation.js's ChannelFlow. */
const CHANNEL_FLOW_RESOURCE_TYPE = "Custom::ChimeChannelFlow";

export const handler = (event: BootstrapEvent, context: Context) =>
  event.ResourceType === CHANNEL_FLOW_RESOURCE_TYPE ? channelFlow(event, context) : appInstance(event, context);
