/**
 * The ChannelFlow custom resource's side of the CloudFormation protocol (`Custom::ChimeChannelFlow`,
 * deploy/moderation.js), served by the same function as the AppInstance resource: read the request,
 * run the step (channelFlow.ts), and always answer the ResponseURL, SUCCESS or FAILED with a reason
 * naming the step and the error's class only, also when time runs out (customResource.ts's rules).
 *
 * Properties: AppInstanceArn, Name, ProcessorLambdaArn, FallbackAction (CONTINUE or ABORT) and
 * BackendUserArn (the AppInstanceAdmin that disassociates the flow's channels on Delete). The physical
 * id is the flow's ARN; its `ChannelFlowArn` attribute is the same.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { isAppInstanceArn } from "./appInstance";
import { deleteChannelFlow, ensureChannelFlow, type ChannelFlowProperties, type MessagingClient } from "./channelFlow";
import {
  failureReason,
  idempotencyToken,
  PropertyError,
  putResponse,
  retryingAccessDenied,
  withDeadline,
  type BootstrapEvent,
} from "./customResource";

export interface ChannelFlowResourceDependencies {
  messaging: MessagingClient;
  logger: Pick<Logger, "info" | "error">;
  respond?: (responseUrl: string, body: string) => Promise<void>;
  answerMarginMs?: number;
  accessDeniedRetryDelaysMs?: number[];
}

const LAMBDA_ARN = /^arn:aws:lambda:[a-z]{2}-[a-z]+-\d:\d{12}:function:[a-zA-Z0-9\-_.]+(:(\$LATEST|[a-zA-Z0-9\-_]+))?$/;
const APP_INSTANCE_USER_ARN = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9-]+\/user\/[^/]+$/;

function text(properties: Record<string, unknown> | undefined, name: string): string {
  const value = properties?.[name];
  return typeof value === "string" ? value.trim() : "";
}

export function readFlowProperties(properties: Record<string, unknown>): ChannelFlowProperties {
  const appInstanceArn = text(properties, "AppInstanceArn");
  if (!isAppInstanceArn(appInstanceArn)) throw new PropertyError("AppInstanceArn is not an app instance ARN.");
  const name = text(properties, "Name");
  if (name === "" || name.length > 256) throw new PropertyError("Name is required (1 to 256 characters).");
  const processorLambdaArn = text(properties, "ProcessorLambdaArn");
  if (!LAMBDA_ARN.test(processorLambdaArn)) throw new PropertyError("ProcessorLambdaArn is not a Lambda function ARN.");
  const fallbackAction = text(properties, "FallbackAction");
  if (fallbackAction !== "CONTINUE" && fallbackAction !== "ABORT") {
    throw new PropertyError("FallbackAction must be CONTINUE or ABORT.");
  }
  return { appInstanceArn, name, processorLambdaArn, fallbackAction };
}

async function run(
  event: BootstrapEvent,
  messaging: MessagingClient,
  logger: ChannelFlowResourceDependencies["logger"],
) {
  if (event.RequestType === "Delete") {
    const bearer = text(event.ResourceProperties, "BackendUserArn");
    const outcome = APP_INSTANCE_USER_ARN.test(bearer)
      ? await deleteChannelFlow(messaging, event.PhysicalResourceId, bearer)
      : "no-backend-user";
    logger.info("Channel flow delete", { outcome, physicalResourceId: event.PhysicalResourceId });
    return { physicalResourceId: event.PhysicalResourceId };
  }
  const properties = readFlowProperties(event.ResourceProperties);
  const existing = event.RequestType === "Update" ? event.PhysicalResourceId : undefined;
  const flowArn = await ensureChannelFlow(messaging, properties, idempotencyToken(event), existing);
  logger.info(`Channel flow ${event.RequestType.toLowerCase()}`, { channelFlowArn: flowArn });
  return { physicalResourceId: flowArn, data: { ChannelFlowArn: flowArn } };
}

export function createChannelFlowResourceHandler(dependencies: ChannelFlowResourceDependencies) {
  const respond = dependencies.respond ?? putResponse;
  const margin = dependencies.answerMarginMs ?? 5000;
  const { logger } = dependencies;
  const messaging = retryingAccessDenied(
    dependencies.messaging,
    dependencies.accessDeniedRetryDelaysMs ?? [2000, 4000, 8000],
  );
  return async (event: BootstrapEvent, context: Context): Promise<void> => {
    const common = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    let response: Record<string, unknown>;
    try {
      const { physicalResourceId, data } = await withDeadline(
        run(event, messaging, logger),
        context.getRemainingTimeInMillis() - margin,
      );
      response = { ...common, Status: "SUCCESS", PhysicalResourceId: physicalResourceId, Data: data };
    } catch (error) {
      logger.error(`Channel flow ${event.RequestType.toLowerCase()} failed`, { error: error as Error });
      response = {
        ...common,
        Status: "FAILED",
        Reason: failureReason(error, context, "The channel flow bootstrap"),
        // A failed Create made nothing it could name (a repeated Create returns the same flow, by its
        // token): its rollback's Delete of this id deletes nothing.
        PhysicalResourceId:
          event.RequestType === "Create"
            ? `${event.LogicalResourceId}-create-failed-${event.RequestId}`
            : event.PhysicalResourceId,
      };
    }
    await respond(event.ResponseURL, JSON.stringify(response));
  };
}
