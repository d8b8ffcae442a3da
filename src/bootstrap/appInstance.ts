/**
 * What the AppInstance custom resource does to Chime: make the app instance (or adopt an existing
 * one), the backend service user and its AppInstanceAdmin promotion; keep them there on every
 * update; delete the app instance when the resource goes, but only one this stack made. Every step
 * can run again with the same result.
 *
 * Whether the app instance survives a `remove` is CloudFormation's decision, not this code's: the
 * resource's DeletionPolicy is `RetainExceptOnCreate` when the stage retains its data, so
 * CloudFormation sends no Delete on a `remove`, and does send one when it rolls back the operation
 * that created the resource (serverless.yml, docs/deploy.md). A Delete that arrives is carried out.
 */
import {
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DeleteAppInstanceCommand,
  DescribeAppInstanceAdminCommand,
  DescribeAppInstanceCommand,
  DescribeAppInstanceUserCommand,
  ListAppInstancesCommand,
  type ChimeSDKIdentityClient,
} from "@aws-sdk/client-chime-sdk-identity";

export type IdentityClient = Pick<ChimeSDKIdentityClient, "send">;

export interface AppInstanceProperties {
  /** The stack the resource belongs to (the event's StackId): written into the app instance's Metadata. */
  ownerStackId: string;
  appInstanceName: string;
  backendUserId: string;
  backendUserName: string;
  /** An existing app instance to use instead of making one; never deleted by this resource. */
  adoptAppInstanceArn?: string;
}

export interface AppInstanceResult {
  appInstanceArn: string;
  backendUserArn: string;
}

/** What a request has made so far: read when it fails or runs out of time, so nothing it made is lost. */
export interface Progress {
  /** The app instance this request created, as soon as Chime answered with its ARN. */
  createdAppInstanceArn?: string;
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

/**
 * Whether a create was refused because the thing exists. CreateAppInstanceUser and
 * CreateAppInstanceAdmin model ConflictException (HTTP 409), which the API Reference describes as
 * "the request could not be processed because of conflict in the current state of the resource": a
 * user id already taken in the app instance (the id is the user's key) is such a conflict, and so is
 * a user already promoted. (With the same ClientRequestToken and the same input, CreateAppInstanceUser
 * answers as the first time instead: its token is idempotent.) Any other answer is an error.
 */
function alreadyExists(error: unknown): boolean {
  return error instanceof Error && error.name === "ConflictException";
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new BootstrapStepError(name, error);
  }
}

/** Creates, taking Chime's "already exists" answer as done. */
function createUnlessExists(name: string, create: () => Promise<unknown>): Promise<void> {
  return step(name, () =>
    create().then(
      () => undefined,
      (error: unknown) => {
        if (!alreadyExists(error)) throw error;
      },
    ),
  );
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

type BackendUser = Pick<AppInstanceProperties, "backendUserId" | "backendUserName">;

function backendUserArnOf(appInstanceArn: string, backendUserId: string): string {
  return `${appInstanceArn}/user/${backendUserId}`;
}

/**
 * The backend user and its admin promotion, made where missing. With `lookUpFirst` (the default) each
 * is looked up and only a missing one is made: an Update puts back what was removed, and `npm start`
 * (local/stack) writes nothing when everything is there. Without it (a Create) each is created
 * directly, an existing one taken as done (a retried request, or an earlier attempt).
 */
export async function ensureBackendUser(
  identity: IdentityClient,
  appInstanceArn: string,
  properties: BackendUser,
  idempotencyToken: string,
  { lookUpFirst = true }: { lookUpFirst?: boolean } = {},
): Promise<string> {
  const backendUserArn = backendUserArnOf(appInstanceArn, properties.backendUserId);
  const userExists =
    lookUpFirst &&
    (await exists("DescribeAppInstanceUser", () =>
      identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: backendUserArn })),
    ));
  if (!userExists) {
    await createUnlessExists("CreateAppInstanceUser", () =>
      identity.send(
        new CreateAppInstanceUserCommand({
          AppInstanceArn: appInstanceArn,
          AppInstanceUserId: properties.backendUserId,
          Name: properties.backendUserName,
          ClientRequestToken: idempotencyToken,
        }),
      ),
    );
  }
  const adminExists =
    lookUpFirst &&
    (await exists("DescribeAppInstanceAdmin", () =>
      identity.send(
        new DescribeAppInstanceAdminCommand({ AppInstanceArn: appInstanceArn, AppInstanceAdminArn: backendUserArn }),
      ),
    ));
  if (!adminExists) {
    const promote = () =>
      identity.send(
        new CreateAppInstanceAdminCommand({ AppInstanceArn: appInstanceArn, AppInstanceAdminArn: backendUserArn }),
      );
    // Looked up and missing, a promotion Chime then calls a conflict is an error, as before.
    await (lookUpFirst
      ? step("CreateAppInstanceAdmin", promote)
      : createUnlessExists("CreateAppInstanceAdmin", promote));
  }
  return backendUserArn;
}

/** What marks an app instance as made by a stack (its Metadata), so that no other stack deletes it. */
interface OwnerMetadata {
  createdByStack: string;
  /** The CloudFormation request that made it: a Delete can find it even if its ARN never came back. */
  createdByRequest?: string;
}

function ownerMetadata(owner: OwnerMetadata): string {
  return JSON.stringify(owner);
}

function readOwner(metadata: string | undefined): Partial<OwnerMetadata> {
  try {
    const parsed: Partial<OwnerMetadata> | null = JSON.parse(metadata ?? "") as Partial<OwnerMetadata> | null;
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Create: a new app instance, then its backend user and admin promotion, each created directly.
 * `idempotencyToken` is the same for every delivery of one CloudFormation request, so a repeated
 * Create (a Lambda retry) gets the same app instance back from Chime. The ARN is put in `progress` as
 * soon as Chime gives it, so a later failure (or the deadline) still names it to CloudFormation.
 */
export async function createAppInstance(
  identity: IdentityClient,
  properties: AppInstanceProperties,
  idempotencyToken: string,
  requestId: string,
  progress: Progress = {},
): Promise<AppInstanceResult> {
  if (properties.adoptAppInstanceArn !== undefined) return adoptAppInstance(identity, properties, idempotencyToken);
  const created = await step("CreateAppInstance", () =>
    identity.send(
      new CreateAppInstanceCommand({
        Name: properties.appInstanceName,
        Metadata: ownerMetadata({ createdByStack: properties.ownerStackId, createdByRequest: requestId }),
        ClientRequestToken: idempotencyToken,
      }),
    ),
  );
  const appInstanceArn = created.AppInstanceArn;
  if (!isAppInstanceArn(appInstanceArn)) throw new BootstrapStepError("CreateAppInstance", new Error("No ARN"));
  progress.createdAppInstanceArn = appInstanceArn;
  return {
    appInstanceArn,
    backendUserArn: await ensureBackendUser(identity, appInstanceArn, properties, idempotencyToken, {
      lookUpFirst: false,
    }),
  };
}

/**
 * An existing app instance (after a `remove` that kept it, or one shared with another stack): it must
 * exist, and gets the backend user and its promotion if it lacks them. Nothing else of it changes.
 */
async function adoptAppInstance(
  identity: IdentityClient,
  properties: AppInstanceProperties,
  idempotencyToken: string,
): Promise<AppInstanceResult> {
  const appInstanceArn = properties.adoptAppInstanceArn as string;
  await step("DescribeAppInstance", () =>
    identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: appInstanceArn })),
  );
  return {
    appInstanceArn,
    backendUserArn: await ensureBackendUser(identity, appInstanceArn, properties, idempotencyToken, {
      lookUpFirst: false,
    }),
  };
}

/**
 * Update: the same app instance, with its backend user and admin put back if they went missing. An
 * adopted app instance (a new one, or the same again) is checked and completed as on Create. A new
 * (empty) app instance is made when the old one is gone, deleted outside the stack, or when the stack
 * stops adopting one; a changed physical id makes CloudFormation delete the old one, which succeeds
 * without deleting anything that is gone, adopted or not this stack's (deleteAppInstance).
 */
export async function updateAppInstance(
  identity: IdentityClient,
  physicalResourceId: string,
  properties: AppInstanceProperties,
  /** The adopted app instance of the resource's previous properties, if it had one. */
  previouslyAdopted: string | undefined,
  idempotencyToken: string,
  requestId: string,
  progress: Progress = {},
): Promise<AppInstanceResult> {
  if (properties.adoptAppInstanceArn !== undefined) return adoptAppInstance(identity, properties, idempotencyToken);
  if (
    isAppInstanceArn(physicalResourceId) &&
    physicalResourceId !== previouslyAdopted &&
    (await appInstanceExists(identity, physicalResourceId))
  ) {
    const backendUserArn = await ensureBackendUser(identity, physicalResourceId, properties, idempotencyToken);
    return { appInstanceArn: physicalResourceId, backendUserArn };
  }
  return createAppInstance(identity, properties, idempotencyToken, requestId, progress);
}

async function describeOwner(
  identity: IdentityClient,
  appInstanceArn: string,
): Promise<Partial<OwnerMetadata> | "missing"> {
  try {
    const { AppInstance } = await identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: appInstanceArn }));
    return readOwner(AppInstance?.Metadata);
  } catch (error) {
    if (maybeMissing(error)) return "missing";
    throw new BootstrapStepError("DescribeAppInstance", error);
  }
}

export type DeleteOutcome = "deleted" | "already-gone" | "nothing-created" | "adopted" | "not-this-stacks";

async function deleteOwned(identity: IdentityClient, appInstanceArn: string): Promise<"deleted" | "already-gone"> {
  try {
    await identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: appInstanceArn }));
    return "deleted";
  } catch (error) {
    // Gone only if a Describe cannot find it either: a refused delete must not pass for done.
    if (maybeMissing(error) && !(await appInstanceExists(identity, appInstanceArn))) return "already-gone";
    throw new BootstrapStepError("DeleteAppInstance", error);
  }
}

/**
 * The app instances a Create request made but could not name: its answer was lost (the function ran
 * out of time while CreateAppInstance was under way). Their Metadata names the stack and the request.
 */
async function madeByRequest(identity: IdentityClient, ownerStackId: string, requestId: string): Promise<string[]> {
  const found: string[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await identity.send(new ListAppInstancesCommand({ MaxResults: 50, NextToken: nextToken }));
      for (const summary of page.AppInstances ?? []) {
        const owner = readOwner(summary.Metadata);
        if (owner.createdByStack === ownerStackId && owner.createdByRequest === requestId && summary.AppInstanceArn)
          found.push(summary.AppInstanceArn);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    throw new BootstrapStepError("ListAppInstances", error);
  }
  return found;
}

export interface DeleteRequest {
  physicalResourceId: string;
  ownerStackId: string;
  /** The adopted app instance named by the resource's properties, which is never deleted. */
  adoptAppInstanceArn?: string;
  /** For a physical id of a Create that failed: that Create's request id. */
  failedCreateRequestId?: string;
}

/**
 * Delete: the app instance this stack made, with every user, channel and message in it. Succeeds
 * when there is nothing to delete: a Create that failed before Chime made anything, or an app
 * instance already gone. The function's role may delete any app instance of the account, so a
 * Delete whose id names an adopted app instance, or one that another stack (or nobody's stack)
 * made, deletes nothing.
 */
export async function deleteAppInstance(identity: IdentityClient, request: DeleteRequest): Promise<DeleteOutcome> {
  const { physicalResourceId, ownerStackId } = request;
  if (!isAppInstanceArn(physicalResourceId)) {
    if (request.failedCreateRequestId === undefined) return "nothing-created";
    const orphans = await madeByRequest(identity, ownerStackId, request.failedCreateRequestId);
    for (const orphan of orphans) await deleteOwned(identity, orphan);
    return orphans.length > 0 ? "deleted" : "nothing-created";
  }
  if (physicalResourceId === request.adoptAppInstanceArn) return "adopted";
  const owner = await describeOwner(identity, physicalResourceId);
  if (owner === "missing") return "already-gone";
  if (owner.createdByStack !== ownerStackId) return "not-this-stacks";
  return deleteOwned(identity, physicalResourceId);
}
