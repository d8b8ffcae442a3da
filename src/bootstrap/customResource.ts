/**
 * The AppInstance custom resource's side of the CloudFormation protocol: read the request, run the
 * step, and always answer by PUT to the presigned ResponseURL, SUCCESS or FAILED with a reason, also
 * when the step throws or runs out of time. CloudFormation otherwise waits for an answer until the
 * resource's ServiceTimeout.
 *
 * The reason names the failed step and the error's class only: AWS error messages carry ARNs and
 * account details, and the reason is shown to everyone who can read the stack's events. The whole
 * error goes to the function's log, the ResponseURL never does (it is a credential for the answer).
 */
import { createHash } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Context } from "aws-lambda";
import {
  BootstrapStepError,
  createAppInstance,
  deleteAppInstance,
  PartialCreateError,
  updateAppInstance,
  type AppInstanceProperties,
  type IdentityClient,
} from "./appInstance";
import { APP_INSTANCE_USER_ID } from "../chime/bearer";

export type BootstrapEvent = CloudFormationCustomResourceEvent;
export type BootstrapResponse = CloudFormationCustomResourceResponse<{
  AppInstanceArn: string;
  BackendUserArn: string;
}>;

export interface BootstrapDependencies {
  identity: IdentityClient;
  logger: Pick<Logger, "info" | "error">;
  /** Sends the answer; a PUT with fetch by default. */
  respond?: (responseUrl: string, body: string) => Promise<void>;
  /** Time kept to answer before Lambda stops the function (default 5 s). */
  answerMarginMs?: number;
  /**
   * Waits before retrying a call IAM refused (default 2, 4 and 8 s): the function's role is made in
   * the same deployment, moments earlier, and IAM policies take a little while to apply everywhere.
   */
  accessDeniedRetryDelaysMs?: number[];
}

/** A property the template got wrong: the message is ours, so it can be the reason. */
class PropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PropertyError";
  }
}

class DeadlineError extends Error {
  constructor() {
    super("The function ran out of time");
    this.name = "DeadlineError";
  }
}

function text(properties: Record<string, unknown>, name: string): string | undefined {
  const value = properties[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export function readProperties(properties: Record<string, unknown>): Omit<AppInstanceProperties, "ownerStackId"> {
  const appInstanceName = text(properties, "AppInstanceName");
  if (appInstanceName === undefined || appInstanceName.length > 256) {
    throw new PropertyError("AppInstanceName is required (1 to 256 characters).");
  }
  const backendUserId = text(properties, "BackendUserId") ?? "backend_worker";
  if (!APP_INSTANCE_USER_ID.test(backendUserId))
    throw new PropertyError("BackendUserId is not a valid AppInstanceUser id.");
  const backendUserName = text(properties, "BackendUserName") ?? backendUserId;
  const retain = text(properties, "Retain")?.toLowerCase() ?? "false";
  if (retain !== "true" && retain !== "false") throw new PropertyError("Retain must be true or false.");
  return { appInstanceName, backendUserId, backendUserName: backendUserName.slice(0, 100), retain: retain === "true" };
}

/** The same for every delivery of one request (Lambda retries), different for each request. */
function idempotencyToken(event: BootstrapEvent): string {
  return createHash("sha256").update(`${event.StackId}\n${event.LogicalResourceId}\n${event.RequestId}`).digest("hex");
}

/** The id of a resource whose Create failed before anything existed: Delete recognises it. */
function failedCreateId(event: BootstrapEvent): string {
  return `${event.LogicalResourceId}-not-created-${event.RequestId}`.slice(0, 1024);
}

/** Error class names only (`ForbiddenException`, `TimeoutError`): nothing from a message. */
function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  return /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) ? name : "Error";
}

export function failureReason(error: unknown, context: Pick<Context, "logStreamName">): string {
  const where = `see log stream ${context.logStreamName}`;
  if (error instanceof PropertyError) return `${error.message} (${where})`;
  if (error instanceof DeadlineError) return `The app instance bootstrap ran out of time (${where}).`;
  const cause = error instanceof PartialCreateError ? error.cause : error;
  if (cause instanceof BootstrapStepError) return `${cause.step} failed: ${errorName(cause.cause)} (${where}).`;
  return `The app instance bootstrap failed: ${errorName(cause)} (${where}).`;
}

/** PUT to the presigned URL: no content type, as the URL was signed without one. */
export async function putResponse(responseUrl: string, body: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const response = await fetch(responseUrl, {
        method: "PUT",
        headers: { "content-type": "" },
        // Bytes, not a string: fetch would add `text/plain` to a string body.
        body: Buffer.from(body, "utf8"),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
      lastError = new Error(`The response URL answered HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
  throw lastError;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), Math.max(0, ms));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function run(
  event: BootstrapEvent,
  identity: IdentityClient,
  logger: BootstrapDependencies["logger"],
): Promise<{ physicalResourceId: string; data?: { AppInstanceArn: string; BackendUserArn: string } }> {
  const token = idempotencyToken(event);
  if (event.RequestType === "Delete") {
    let retain = false;
    try {
      retain = readProperties(event.ResourceProperties).retain;
    } catch {
      // Properties that never validated never made an app instance; the id tells (below).
    }
    const outcome = await deleteAppInstance(identity, event.PhysicalResourceId, retain, event.StackId);
    logger.info("App instance delete", { outcome, physicalResourceId: event.PhysicalResourceId });
    return { physicalResourceId: event.PhysicalResourceId };
  }
  const properties = { ...readProperties(event.ResourceProperties), ownerStackId: event.StackId };
  const result =
    event.RequestType === "Create"
      ? await createAppInstance(identity, properties, token)
      : await updateAppInstance(identity, event.PhysicalResourceId, properties, token);
  logger.info(`App instance ${event.RequestType.toLowerCase()}`, { ...result });
  return {
    physicalResourceId: result.appInstanceArn,
    data: { AppInstanceArn: result.appInstanceArn, BackendUserArn: result.backendUserArn },
  };
}

/** The client, with calls that IAM refused tried again after each delay. */
function retryingAccessDenied(identity: IdentityClient, delays: number[]): IdentityClient {
  return {
    send: (async (command: Parameters<IdentityClient["send"]>[0]) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await identity.send(command);
        } catch (error) {
          if (!(error instanceof Error && error.name === "AccessDeniedException") || attempt >= delays.length)
            throw error;
          await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
        }
      }
    }) as IdentityClient["send"],
  };
}

export function createBootstrapHandler(dependencies: BootstrapDependencies) {
  const respond = dependencies.respond ?? putResponse;
  const margin = dependencies.answerMarginMs ?? 5000;
  const { logger } = dependencies;
  const identity = retryingAccessDenied(
    dependencies.identity,
    dependencies.accessDeniedRetryDelaysMs ?? [2000, 4000, 8000],
  );
  return async (event: BootstrapEvent, context: Context): Promise<void> => {
    const common = {
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    };
    let response: BootstrapResponse;
    try {
      const { physicalResourceId, data } = await withDeadline(
        run(event, identity, logger),
        context.getRemainingTimeInMillis() - margin,
      );
      response = { ...common, Status: "SUCCESS", PhysicalResourceId: physicalResourceId, Data: data };
    } catch (error) {
      logger.error(`App instance ${event.RequestType.toLowerCase()} failed`, { error: error as Error });
      const physicalResourceId =
        error instanceof PartialCreateError
          ? error.appInstanceArn
          : event.RequestType === "Create"
            ? failedCreateId(event)
            : event.PhysicalResourceId;
      response = {
        ...common,
        Status: "FAILED",
        Reason: failureReason(error, context),
        PhysicalResourceId: physicalResourceId,
      };
    }
    // If even the answer cannot be sent, fail the invocation: Lambda retries it, and every step is
    // idempotent.
    await respond(event.ResponseURL, JSON.stringify(response));
  };
}
