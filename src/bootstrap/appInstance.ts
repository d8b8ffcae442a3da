/**
 * What the AppInstance custom resource does to Chime: make the app instance, the backend service
 * user and its AppInstanceAdmin promotion; keep them there on every update; delete the app instance
 * when the resource goes (unless retained). Every step can run again with the same result.
 */
import {
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DeleteAppInstanceCommand,
  DescribeAppInstanceAdminCommand,
  DescribeAppInstanceCommand,
  DescribeAppInstanceUserCommand,
  type ChimeSDKIdentityClient,
} from "@aws-sdk/client-chime-sdk-identity";

export type IdentityClient = Pick<ChimeSDKIdentityClient, "send">;

export interface AppInstanceProperties {
  /** The stack the resource belongs to (the event's StackId): written into the app instance's Metadata. */
  ownerStackId: string;
  appInstanceName: string;
  backendUserId: string;
  backendUserName: string;
  /** Keep the app instance when the resource is deleted. */
  retain: boolean;
}

export interface AppInstanceResult {
  appInstanceArn: string;
  backendUserArn: string;
}

/** A step that failed, named for the CloudFormation reason (the cause is logged, not shown). */
export class BootstrapStepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step} failed`);
    this.name = "BootstrapStepError";
  }
}

/** A failure after the app instance was made: the resource's id must still name it, for the rollback. */
export class PartialCreateError extends Error {
  constructor(
    readonly appInstanceArn: string,
    override readonly cause: unknown,
  ) {
    super("The app instance was created, but its backend user was not completed.");
    this.name = "PartialCreateError";
  }
}

const APP_INSTANCE_ARN = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9-]+$/;

export function isAppInstanceArn(value: string | undefined): value is string {
  return value !== undefined && APP_INSTANCE_ARN.test(value);
}

/**
 * Whether an error can mean "does not exist". The identity Describe and Delete operations model no
 * NotFoundException: a missing app instance, user or admin promotion is a ForbiddenException, as the
 * service folds "not visible" into 403 (local/chime/operations/identity/findAppInstance.ts). An IAM
 * refusal is AccessDeniedException, never this.
 */
function maybeMissing(error: unknown): boolean {
  return error instanceof Error && (error.name === "NotFoundException" || error.name === "ForbiddenException");
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new BootstrapStepError(name, error);
  }
}

/** Whether a Describe finds its resource; any other failure is an error, never a reason to make another. */
function exists(name: string, describe: () => Promise<unknown>): Promise<boolean> {
  return describe().then(
    () => true,
    (error: unknown) => {
      if (maybeMissing(error)) return false;
      throw new BootstrapStepError(name, error);
    },
  );
}

function appInstanceExists(identity: IdentityClient, appInstanceArn: string): Promise<boolean> {
  return exists("DescribeAppInstance", () =>
    identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: appInstanceArn })),
  );
}

/** Makes the backend user and its admin promotion where either is missing. */
export async function ensureBackendUser(
  identity: IdentityClient,
  appInstanceArn: string,
  properties: Pick<AppInstanceProperties, "backendUserId" | "backendUserName">,
  idempotencyToken: string,
): Promise<string> {
  const backendUserArn = `${appInstanceArn}/user/${properties.backendUserId}`;
  const userExists = await exists("DescribeAppInstanceUser", () =>
    identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: backendUserArn })),
  );
  if (!userExists) {
    await step("CreateAppInstanceUser", () =>
      identity
        .send(
          new CreateAppInstanceUserCommand({
            AppInstanceArn: appInstanceArn,
            AppInstanceUserId: properties.backendUserId,
            Name: properties.backendUserName,
            ClientRequestToken: idempotencyToken,
          }),
        )
        .catch((error: unknown) => {
          // Made in between (another delivery of the same request): it exists, which is the point.
          if (!(error instanceof Error && error.name === "ConflictException")) throw error;
        }),
    );
  }
  const adminExists = await exists("DescribeAppInstanceAdmin", () =>
    identity.send(
      new DescribeAppInstanceAdminCommand({ AppInstanceArn: appInstanceArn, AppInstanceAdminArn: backendUserArn }),
    ),
  );
  if (!adminExists) {
    await step("CreateAppInstanceAdmin", () =>
      identity.send(
        new CreateAppInstanceAdminCommand({ AppInstanceArn: appInstanceArn, AppInstanceAdminArn: backendUserArn }),
      ),
    );
  }
  return backendUserArn;
}

/**
 * Create: a new app instance. `idempotencyToken` is the same for every delivery of one CloudFormation
 * request, so a repeated Create (a Lambda retry) gets the same app instance back from Chime.
 */
export async function createAppInstance(
  identity: IdentityClient,
  properties: AppInstanceProperties,
  idempotencyToken: string,
): Promise<AppInstanceResult> {
  const created = await step("CreateAppInstance", () =>
    identity.send(
      new CreateAppInstanceCommand({
        Name: properties.appInstanceName,
        Metadata: ownerMetadata(properties.ownerStackId),
        ClientRequestToken: idempotencyToken,
      }),
    ),
  );
  const appInstanceArn = created.AppInstanceArn;
  if (!isAppInstanceArn(appInstanceArn)) throw new BootstrapStepError("CreateAppInstance", new Error("No ARN"));
  try {
    return {
      appInstanceArn,
      backendUserArn: await ensureBackendUser(identity, appInstanceArn, properties, idempotencyToken),
    };
  } catch (error) {
    throw new PartialCreateError(appInstanceArn, error);
  }
}

/**
 * Update: the same app instance, with its backend user and admin put back if they went missing. A new
 * (empty) one is made only if the old one is gone, deleted outside the stack; CloudFormation then
 * deletes the old id, which succeeds as there is nothing left.
 */
export async function updateAppInstance(
  identity: IdentityClient,
  physicalResourceId: string,
  properties: AppInstanceProperties,
  idempotencyToken: string,
): Promise<AppInstanceResult> {
  if (isAppInstanceArn(physicalResourceId) && (await appInstanceExists(identity, physicalResourceId))) {
    const backendUserArn = await ensureBackendUser(identity, physicalResourceId, properties, idempotencyToken);
    return { appInstanceArn: physicalResourceId, backendUserArn };
  }
  return createAppInstance(identity, properties, idempotencyToken);
}

export type DeleteOutcome = "deleted" | "already-gone" | "nothing-created" | "retained" | "not-this-stacks";

/** What marks an app instance as made by a stack (its Metadata), so that no other stack deletes it. */
function ownerMetadata(stackId: string): string {
  return JSON.stringify({ createdByStack: stackId });
}

/**
 * Delete: the app instance this resource made, with every user, channel and message in it. Succeeds
 * when there is nothing to delete: a Create that failed (its id is not an app instance ARN) or an app
 * instance already gone. The function's role may delete any app instance of the account, so a Delete
 * whose id names one that another stack (or nobody's stack) made deletes nothing.
 */
export async function deleteAppInstance(
  identity: IdentityClient,
  physicalResourceId: string,
  retain: boolean,
  ownerStackId: string,
): Promise<DeleteOutcome> {
  if (!isAppInstanceArn(physicalResourceId)) return "nothing-created";
  if (retain) return "retained";
  let metadata: string | undefined;
  try {
    const { AppInstance } = await identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: physicalResourceId }));
    metadata = AppInstance?.Metadata;
  } catch (error) {
    if (maybeMissing(error)) return "already-gone";
    throw new BootstrapStepError("DescribeAppInstance", error);
  }
  if (metadata !== ownerMetadata(ownerStackId)) return "not-this-stacks";
  try {
    await identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: physicalResourceId }));
    return "deleted";
  } catch (error) {
    // Gone only if a Describe cannot find it either: a refused delete must not pass for done.
    if (maybeMissing(error) && !(await appInstanceExists(identity, physicalResourceId))) return "already-gone";
    throw new BootstrapStepError("DeleteAppInstance", error);
  }
}
