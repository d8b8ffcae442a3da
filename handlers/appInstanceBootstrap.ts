/**
 * Lambda entry point of the AppInstance CloudFormation custom resource (serverless.yml): the Chime app
 * instance, the backend_worker AppInstanceUser and its AppInstanceAdmin promotion. See
 * src/bootstrap/customResource.ts. The client follows the SDK's standard configuration (the function's
 * own role and region on AWS).
 */
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { createBootstrapHandler } from "../src/bootstrap/customResource";
import { createLogger } from "../src/logger";

export const handler = createBootstrapHandler({
  identity: new ChimeSDKIdentityClient({ requestHandler: { connectionTimeout: 3000, requestTimeout: 15_000 } }),
  logger: createLogger({ serviceName: "chime-chat-api-bootstrap" }),
});
