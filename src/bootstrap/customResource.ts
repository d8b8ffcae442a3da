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
  isAppInstanceArn,
  updateAppInstance,
  type AppInstanceProperties,
  type IdentityClient,
  type Progress,
} from "./appInstance";
import { APP_INSTANCE_USER_ID } from "../chime/bearer";
import { applyMessageRetention, readMessageRetention, type MessageRetention } from "./retention";

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
export class PropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PropertyError";
  }
}

export class DeadlineError extends Error {
  constructor() {
    super("The function ran out of time");
    this.name = "DeadlineError";
  }
}

function text(properties: Record<string, unknown>, name: string): string | undefined {
  const value = properties[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export function readProperties(
  properties: Record<string, unknown>,
): Omit<AppInstanceProperties, "ownerStackId"> & { messageRetention?: MessageRetention } {
  const appInstanceName = text(properties, "AppInstanceName");
  if (appInstanceName === undefined || appInstanceName.length > 256) {
    throw new PropertyError("AppInstanceName is required (1 to 256 characters).");
  }
  const backendUserId = text(properties, "BackendUserId") ?? "backend_worker";
  if (!APP_INSTANCE_USER_ID.test(backendUserId))
    throw new PropertyError("BackendUserId is not a valid AppInstanceUser id.");
  const backendUserName = text(properties, "BackendUserName") ?? backendUserId;
  const adoptAppInstanceArn = text(properties, "AdoptAppInstanceArn");
  if (adoptAppInstanceArn !== undefined && !isAppInstanceArn(adoptAppInstanceArn)) {
    throw new PropertyError("AdoptAppInstanceArn is not an app instance ARN.");
  }
  const messageRetention = readMessageRetention(text(properties, "MessageRetentionDays"));
  if (messageRetention === "invalid") {
    throw new PropertyError("MessageRetentionDays is a number of days from 1 to 5475, or off.");
  }
  return {
    appInstanceName,
    backendUserId,
    backendUserName: backendUserName.slice(0, 100),
    adoptAppInstanceArn,
    messageRetention,
  };
}

/** The adopted app instance named by properties that may never have validated (a Delete's). */
function adoptedIn(properties: Record<string, unknown> | undefined): string | undefined {
  const adopted = properties ? text(properties, "AdoptAppInstanceArn") : undefined;
  return isAppInstanceArn(adopted) ? adopted : undefined;
}

/** The same for every delivery of one request (Lambda retries), different for each request. */
export function idempotencyToken(event: BootstrapEvent): string {
  return createHash("sha256").update(`${event.StackId}\n${event.LogicalResourceId}\n${event.RequestId}`).digest("hex");
}

/**
 * The id of a resource whose Create failed before Chime named an app instance. It carries the request
 * id: if CreateAppInstance was under way when time ran out, the app instance it made has that request
 * in its Metadata, and the rollback's Delete of this id finds and deletes it.
 */
function failedCreateId(event: BootstrapEvent): string {
  return `${event.LogicalResourceId}${FAILED_CREATE}${event.RequestId}`.slice(0, 1024);
}

const FAILED_CREATE = "-create-failed-";

function failedCreateRequestId(event: BootstrapEvent, physicalResourceId: string): string | undefined {
  const prefix = `${event.LogicalResourceId}${FAILED_CREATE}`;
  return physicalResourceId.startsWith(prefix) ? physicalResourceId.slice(prefix.length) : undefined;
}

/** Error class names only (`ForbiddenException`, `TimeoutError`): nothing from a message. */
function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  return /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) ? name : "Error";
}

export function failureReason(
  error: unknown,
  context: Pick<Context, "logStreamName">,
  /** What ran, for the reason: "The app instance bootstrap", "The channel flow bootstrap". */
  what = "The app instance bootstrap",
): string {
  const where = `see log stream ${context.logStreamName}`;
  if (error instanceof PropertyError) return `${error.message} (${where})`;
  if (error instanceof DeadlineError) return `${what} ran out of time (${where}).`;
  if (error instanceof BootstrapStepError) return `${error.step} failed: ${errorName(error.cause)} (${where}).`;
  return `${what} failed: ${errorName(error)} (${where}).`;
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

export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
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
  progress: Progress,
): Promise<{ physicalResourceId: string; data?: { AppInstanceArn: string; BackendUserArn: string } }> {
  const token = idempotencyToken(event);
  if (event.RequestType === "Delete") {
    const outcome = await deleteAppInstance(identity, {
      physicalResourceId: event.PhysicalResourceId,
      ownerStackId: event.StackId,
      adoptAppInstanceArn: adoptedIn(event.ResourceProperties),
      failedCreateRequestId: failedCreateRequestId(event, event.PhysicalResourceId),
    });
    logger.info("App instance delete", { outcome, physicalResourceId: event.PhysicalResourceId });
    return { physicalResourceId: event.PhysicalResourceId };
  }
  const properties = { ...readProperties(event.ResourceProperties), ownerStackId: event.StackId };
  const result =
    event.RequestType === "Create"
      ? await createAppInstance(identity, properties, token, event.RequestId, progress)
      : await updateAppInstance(
          identity,
          event.PhysicalResourceId,
          properties,
          adoptedIn(event.OldResourceProperties),
          token,
          event.RequestId,
          progress,
        );
  if (properties.messageRetention !== undefined) {
    const changed = await applyMessageRetention(identity, result.appInstanceArn, properties.messageRetention);
    logger.info("Message retention", { retention: properties.messageRetention, changed });
  }
  logger.info(`App instance ${event.RequestType.toLowerCase()}`, { ...result });
  return {
    physicalResourceId: result.appInstanceArn,
    data: { AppInstanceArn: result.appInstanceArn, BackendUserArn: result.backendUserArn },
  };
}

/** The client (identity or messaging), with calls that IAM refused tried again after each delay. */
export function retryingAccessDenied<Client extends { send: unknown }>(client: Client, delays: number[]): Client {
  const send = (client.send as (command: unknown) => Promise<unknown>).bind(client);
  return {
    send: async (command: unknown) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await send(command);
        } catch (error) {
          if (!(error instanceof Error && error.name === "AccessDeniedException") || attempt >= delays.length)
            throw error;
          await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
        }
      }
    },
  } as Client;
}

/**
 * The physical id of a FAILED answer. A failed Create names the app instance it made, if Chime gave its
 * ARN (also when the function ran out of time after that): CloudFormation rolls the Create back with
 * a Delete of that id, which deletes it. A failed Update keeps the resource's id; an app instance
 * that a failed Update made in place of a vanished one is named only in the log.
 */
function failedPhysicalResourceId(event: BootstrapEvent, progress: Progress): string {
  if (event.RequestType === "Create") return progress.createdAppInstanceArn ?? failedCreateId(event);
  return event.PhysicalResourceId;
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
    const progress: Progress = {};
    try {
      const { physicalResourceId, data } = await withDeadline(
        run(event, identity, logger, progress),
        context.getRemainingTimeInMillis() - margin,
      );
      response = { ...common, Status: "SUCCESS", PhysicalResourceId: physicalResourceId, Data: data };
    } catch (error) {
      logger.error(`App instance ${event.RequestType.toLowerCase()} failed`, {
        error: error as Error,
        // Only an Update can leave one behind: an app instance it made in place of a vanished one.
        createdAppInstanceArn: progress.createdAppInstanceArn,
      });
      response = {
        ...common,
        Status: "FAILED",
        Reason: failureReason(error, context),
        PhysicalResourceId: failedPhysicalResourceId(event, progress),
      };
    }
    // If even the answer cannot be sent, fail the invocation: Lambda retries it, and every step is
    // idempotent.
    await respond(event.ResponseURL, JSON.stringify(response));
  };
}
