/**
 * The Chime side of the local stack, made with the official SDK clients signed with the developer
 * key: the app instance (and the local account's role policies bound to it), the backend service
 * user promoted to AppInstanceAdmin, one AppInstanceUser per demo user (`<app>/user/<cognito sub>`,
 * as the API names them), and a PUBLIC welcome channel with the demo users as members.
 *
 * The backend user and its promotion are made by the deployed custom resource's own code
 * (src/bootstrap/appInstance.ts, `ensureBackendUser`), so `npm start` runs that path too. The app
 * instance is not: the custom resource knows its app instance by the resource's id and makes a new
 * one on Create, while a start must find the one an earlier start made (by the bound ARN or its name).
 *
 * With moderation (LOCAL_MODERATION=on), the moderation channel flow too, made by the deployed custom
 * resource's code (src/bootstrap/channelFlow.ts) with the processor of serverless.yml under sls offline,
 * and the welcome channel associated with it; with moderation off, a flow an earlier start made is
 * removed again, its channels freed (their processor is not running).
 *
 * Idempotent: every step looks the thing up first, and creates carry a ClientRequestToken, so a
 * start interrupted between a create and the next step repeats nothing on the next start.
 */
import {
  ChimeSDKIdentityClient,
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DescribeAppInstanceCommand,
  DescribeAppInstanceUserCommand,
  paginateListAppInstances,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  BatchCreateChannelMembershipCommand,
  ChimeSDKMessagingClient,
  CreateChannelCommand,
  DescribeChannelCommand,
  paginateListChannelMemberships,
  AssociateChannelFlowCommand,
  paginateListChannelFlows,
  paginateListChannelsAssociatedWithChannelFlow,
  paginateListChannelsModeratedByAppInstanceUser,
  SendChannelMessageCommand,
  type FallbackAction,
} from "@aws-sdk/client-chime-sdk-messaging";
import { randomUUID } from "node:crypto";
import { BootstrapStepError, ensureBackendUser, type IdentityClient } from "../../src/bootstrap/appInstance";
import { deleteChannelFlow, ensureChannelFlow } from "../../src/bootstrap/channelFlow";

export const APP_INSTANCE_NAME = "chime-chat-api-local";
export const BACKEND_USER_ID = "backend_worker";
export const WELCOME_CHANNEL_NAME = "welcome";
export const MODERATION_FLOW_NAME = "chime-chat-api-local-moderation";

/** The part of the local account the bootstrap needs: which app instance its role policies name. */
export interface RolePolicyBinding {
  readonly appInstanceArn: string | undefined;
  setAppInstanceArn(arn: string): void;
}

export interface ChimeBootstrapInput {
  identity: ChimeSDKIdentityClient;
  messaging: ChimeSDKMessagingClient;
  account: RolePolicyBinding;
  /** Demo users by Cognito sub, named by email. */
  users: { sub: string; name: string }[];
  /** With moderation: the processor (sls offline's function) and what happens when it fails. */
  moderation?: { processorLambdaArn: string; fallbackAction: FallbackAction };
}

export interface ChimeBootstrap {
  appInstanceArn: string;
  backendUserArn: string;
  /** AppInstanceUser ARNs by Cognito sub. */
  userArns: Record<string, string>;
  welcomeChannelArn: string;
  /** The moderation channel flow, with moderation. */
  channelFlowArn?: string;
  /** What this run had to create (empty on a second start). */
  created: string[];
}

function isMissing(error: unknown): boolean {
  // Chime's identity API answers a missing resource with ForbiddenException, messaging with NotFound.
  return error instanceof Error && (error.name === "ForbiddenException" || error.name === "NotFoundException");
}

async function exists(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/**
 * Creates with a fixed ClientRequestToken, so a retry after a crash finds the first result. A token
 * remembers its result even after the resource is deleted; then a fresh token makes a new one.
 */
async function createOnce(
  token: string,
  create: (token: string) => Promise<string>,
  check: (arn: string) => Promise<boolean>,
): Promise<string> {
  const arn = await create(token);
  if (await check(arn)) return arn;
  return create(`${token.slice(0, 27)}-${randomUUID()}`);
}

async function findAppInstance(input: ChimeBootstrapInput): Promise<string | undefined> {
  const { identity, account } = input;
  const bound = account.appInstanceArn;
  if (bound && (await exists(() => identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: bound })))))
    return bound;
  for await (const page of paginateListAppInstances({ client: identity }, {})) {
    const found = page.AppInstances?.find((instance) => instance.Name === APP_INSTANCE_NAME);
    if (found?.AppInstanceArn) return found.AppInstanceArn;
  }
  return undefined;
}

async function ensureUser(
  identity: ChimeSDKIdentityClient,
  appInstanceArn: string,
  userId: string,
  name: string,
  created: string[],
): Promise<string> {
  const arn = `${appInstanceArn}/user/${userId}`;
  if (await exists(() => identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: arn })))) return arn;
  try {
    await identity.send(
      new CreateAppInstanceUserCommand({
        AppInstanceArn: appInstanceArn,
        AppInstanceUserId: userId,
        Name: name,
        ClientRequestToken: `bootstrap-${userId}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64),
      }),
    );
    created.push(`AppInstanceUser ${name}`);
  } catch (error) {
    // Made meanwhile (the API provisions users on their first request): it exists, which is the point.
    if (!(error instanceof Error && error.name === "ConflictException")) throw error;
  }
  return arn;
}

/** The identity client, with what its successful creates made noted in `created`. */
function noting(identity: ChimeSDKIdentityClient, created: string[]): IdentityClient {
  return {
    send: (async (command: Parameters<IdentityClient["send"]>[0]) => {
      const output = await identity.send(command);
      if (command instanceof CreateAppInstanceUserCommand) created.push(`AppInstanceUser ${command.input.Name}`);
      if (command instanceof CreateAppInstanceAdminCommand)
        created.push(`AppInstanceAdmin ${command.input.AppInstanceAdminArn?.split("/").pop()}`);
      return output;
    }) as IdentityClient["send"],
  };
}

/** backend_worker and its AppInstanceAdmin promotion, by the custom resource's code. */
async function ensureBackendWorker(
  identity: ChimeSDKIdentityClient,
  appInstanceArn: string,
  created: string[],
): Promise<string> {
  try {
    return await ensureBackendUser(
      noting(identity, created),
      appInstanceArn,
      { backendUserId: BACKEND_USER_ID, backendUserName: BACKEND_USER_ID },
      `bootstrap-${BACKEND_USER_ID}`,
    );
  } catch (error) {
    // Its errors name the step only (a CloudFormation reason is public); here the cause is wanted.
    if (error instanceof BootstrapStepError)
      throw new Error(`${error.step} of ${BACKEND_USER_ID} failed: ${String(error.cause)}`, { cause: error });
    throw error;
  }
}

async function findWelcomeChannel(messaging: ChimeSDKMessagingClient, backendUserArn: string) {
  const pages = paginateListChannelsModeratedByAppInstanceUser(
    { client: messaging },
    { ChimeBearer: backendUserArn, AppInstanceUserArn: backendUserArn },
  );
  for await (const page of pages) {
    const found = page.Channels?.find((channel) => channel.ChannelSummary?.Name === WELCOME_CHANNEL_NAME);
    if (found?.ChannelSummary?.ChannelArn) return found.ChannelSummary.ChannelArn;
  }
  return undefined;
}

export async function bootstrapChime(input: ChimeBootstrapInput): Promise<ChimeBootstrap> {
  const { identity, messaging, account } = input;
  const created: string[] = [];

  let appInstanceArn = await findAppInstance(input);
  if (!appInstanceArn) {
    appInstanceArn = await createOnce(
      "chime-chat-api-local",
      async (ClientRequestToken) =>
        (await identity.send(new CreateAppInstanceCommand({ Name: APP_INSTANCE_NAME, ClientRequestToken })))
          .AppInstanceArn as string,
      (arn) => exists(() => identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: arn }))),
    );
    created.push("app instance");
  }
  // The server and user roles' policies of policies/ name this app instance.
  if (account.appInstanceArn !== appInstanceArn) account.setAppInstanceArn(appInstanceArn);

  const backendUserArn = await ensureBackendWorker(identity, appInstanceArn, created);

  const userArns: Record<string, string> = {};
  for (const user of input.users) {
    userArns[user.sub] = await ensureUser(identity, appInstanceArn, user.sub, user.name, created);
  }

  let welcomeChannelArn = await findWelcomeChannel(messaging, backendUserArn);
  if (!welcomeChannelArn) {
    welcomeChannelArn = await createOnce(
      "welcome-channel",
      async (ClientRequestToken) =>
        (
          await messaging.send(
            new CreateChannelCommand({
              AppInstanceArn: appInstanceArn,
              Name: WELCOME_CHANNEL_NAME,
              Mode: "UNRESTRICTED",
              Privacy: "PUBLIC",
              ChimeBearer: backendUserArn,
              ClientRequestToken,
            }),
          )
        ).ChannelArn as string,
      (arn) =>
        exists(() => messaging.send(new DescribeChannelCommand({ ChannelArn: arn, ChimeBearer: backendUserArn }))),
    );
    created.push(`channel ${WELCOME_CHANNEL_NAME}`);
    await messaging.send(
      new SendChannelMessageCommand({
        ChannelArn: welcomeChannelArn,
        ChimeBearer: backendUserArn,
        Content: "Welcome to chime-chat-api! This channel was made by npm start.",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
        ClientRequestToken: "welcome-message",
      }),
    );
  }

  const members = new Set<string>();
  const memberPages = paginateListChannelMemberships(
    { client: messaging },
    { ChannelArn: welcomeChannelArn, ChimeBearer: backendUserArn },
  );
  for await (const page of memberPages) {
    for (const membership of page.ChannelMemberships ?? []) {
      if (membership.Member?.Arn) members.add(membership.Member.Arn);
    }
  }
  const missing = Object.values(userArns).filter((arn) => !members.has(arn));
  if (missing.length > 0) {
    const { Errors } = await messaging.send(
      new BatchCreateChannelMembershipCommand({
        ChannelArn: welcomeChannelArn,
        ChimeBearer: backendUserArn,
        MemberArns: missing,
      }),
    );
    if (Errors?.length) {
      throw new Error(
        `Could not add ${Errors.map((e) => `${e.MemberArn} (${e.ErrorMessage})`).join(", ")} to ${WELCOME_CHANNEL_NAME}.`,
      );
    }
    created.push(`${missing.length} member(s) of ${WELCOME_CHANNEL_NAME}`);
  }

  const channelFlowArn = await moderate(input, appInstanceArn, backendUserArn, welcomeChannelArn, created);
  return { appInstanceArn, backendUserArn, userArns, welcomeChannelArn, channelFlowArn, created };
}

async function findModerationFlow(messaging: ChimeSDKMessagingClient, appInstanceArn: string) {
  for await (const page of paginateListChannelFlows({ client: messaging }, { AppInstanceArn: appInstanceArn })) {
    const found = page.ChannelFlows?.find((flow) => flow.Name === MODERATION_FLOW_NAME);
    if (found?.ChannelFlowArn) return found.ChannelFlowArn;
  }
  return undefined;
}

/**
 * The moderation flow as the settings want it: made (or brought up to date) and on the welcome channel,
 * after the welcome message (which must not wait for a processor that sls offline does not run yet);
 * or gone, its channels freed.
 */
async function moderate(
  input: ChimeBootstrapInput,
  appInstanceArn: string,
  backendUserArn: string,
  welcomeChannelArn: string,
  created: string[],
): Promise<string | undefined> {
  const { messaging, moderation } = input;
  const existing = await findModerationFlow(messaging, appInstanceArn);
  if (!moderation) {
    if (existing) await deleteChannelFlow(messaging, existing, backendUserArn);
    return undefined;
  }
  const properties = { appInstanceArn, name: MODERATION_FLOW_NAME, ...moderation };
  const flowArn = await createOnce(
    "bootstrap-moderation-flow",
    (token) => ensureChannelFlow(messaging, properties, token, existing),
    (arn) => findModerationFlow(messaging, appInstanceArn).then((found) => found === arn),
  );
  if (!existing) created.push("the moderation channel flow");
  if (!(await runsFlow(messaging, flowArn, welcomeChannelArn))) {
    await messaging.send(
      new AssociateChannelFlowCommand({
        ChannelArn: welcomeChannelArn,
        ChannelFlowArn: flowArn,
        ChimeBearer: backendUserArn,
      }),
    );
    created.push(`${WELCOME_CHANNEL_NAME} under moderation`);
  }
  return flowArn;
}

async function runsFlow(messaging: ChimeSDKMessagingClient, flowArn: string, channelArn: string): Promise<boolean> {
  const pages = paginateListChannelsAssociatedWithChannelFlow({ client: messaging }, { ChannelFlowArn: flowArn });
  for await (const page of pages) {
    if (page.Channels?.some((channel) => channel.ChannelArn === channelArn)) return true;
  }
  return false;
}
