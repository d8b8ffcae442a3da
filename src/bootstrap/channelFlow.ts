/**
 * What the ChannelFlow custom resource (deployed with `moderation=true`) does to Chime: a channel flow
 * of one processor, the moderation function, in the app instance; kept up to date on every Update;
 * disassociated from its channels and deleted when the resource goes. `npm start` runs the same
 * `ensureChannelFlow` (local/stack/bootstrap.ts). Every step can run again with the same result.
 *
 * Deleting disassociates first: DeleteChannelFlow "works only when the channel flow is not associated
 * with any channel", and a channel left on a flow whose function is gone could send nothing (ABORT)
 * or nothing moderated (CONTINUE). Disassociation needs a moderator or admin as the bearer: the
 * backend user, the app instance's AppInstanceAdmin.
 */
import {
  CreateChannelFlowCommand,
  DeleteChannelFlowCommand,
  DescribeChannelFlowCommand,
  DisassociateChannelFlowCommand,
  ListChannelsAssociatedWithChannelFlowCommand,
  UpdateChannelFlowCommand,
  type ChimeSDKMessagingClient,
  type FallbackAction,
  type Processor,
} from "@aws-sdk/client-chime-sdk-messaging";
import { BootstrapStepError } from "./appInstance";

export type MessagingClient = Pick<ChimeSDKMessagingClient, "send">;

export interface ChannelFlowProperties {
  appInstanceArn: string;
  name: string;
  /** The processor: a Lambda function of the app instance's account and region. */
  processorLambdaArn: string;
  fallbackAction: FallbackAction;
}

const CHANNEL_FLOW_ARN = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9-]+\/channel-flow\/[^/]+$/;

export function isChannelFlowArn(value: string | undefined): value is string {
  return value !== undefined && CHANNEL_FLOW_ARN.test(value);
}

function processors(properties: ChannelFlowProperties): Processor[] {
  return [
    {
      Name: "moderation",
      ExecutionOrder: 1,
      FallbackAction: properties.fallbackAction,
      // ASYNC is the model's only InvocationType.
      Configuration: { Lambda: { ResourceArn: properties.processorLambdaArn, InvocationType: "ASYNC" } },
    },
  ];
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new BootstrapStepError(name, error);
  }
}

/**
 * Whether an error means the flow (or its app instance) is gone: the flow operations model no
 * NotFoundException, so a missing flow is a ForbiddenException (local/chime/operations/flows).
 */
function isMissing(error: unknown): boolean {
  return error instanceof Error && (error.name === "ForbiddenException" || error.name === "NotFoundException");
}

async function describeFlow(messaging: MessagingClient, flowArn: string) {
  try {
    return (await messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: flowArn }))).ChannelFlow ?? {};
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new BootstrapStepError("DescribeChannelFlow", error);
  }
}

async function flowExists(messaging: MessagingClient, flowArn: string): Promise<boolean> {
  return (await describeFlow(messaging, flowArn)) !== undefined;
}

/** What a flow's processors are, for comparing: the members this resource sets. */
function processorKey(list: Processor[] | undefined): string {
  return JSON.stringify(
    (list ?? []).map((p) => [p.Name, p.ExecutionOrder, p.FallbackAction, p.Configuration?.Lambda?.ResourceArn]),
  );
}

/**
 * The flow, made or brought up to date: `existingArn` (the resource's physical id, or what `npm start`
 * made before) is updated in place when it still exists in the same app instance (and left alone when
 * it is as wanted); otherwise a new one is made. `idempotencyToken` is the same for every delivery of one request, so a repeated Create gets
 * the same flow back. Returns its ARN.
 */
export async function ensureChannelFlow(
  messaging: MessagingClient,
  properties: ChannelFlowProperties,
  idempotencyToken: string,
  existingArn?: string,
): Promise<string> {
  const existing =
    isChannelFlowArn(existingArn) && existingArn.startsWith(`${properties.appInstanceArn}/`)
      ? await describeFlow(messaging, existingArn)
      : undefined;
  if (existing && isChannelFlowArn(existingArn)) {
    const unchanged =
      existing.Name === properties.name && processorKey(existing.Processors) === processorKey(processors(properties));
    if (unchanged) return existingArn;
    await step("UpdateChannelFlow", () =>
      messaging.send(
        new UpdateChannelFlowCommand({
          ChannelFlowArn: existingArn,
          Name: properties.name,
          Processors: processors(properties),
        }),
      ),
    );
    return existingArn;
  }
  const { ChannelFlowArn } = await step("CreateChannelFlow", () =>
    messaging.send(
      new CreateChannelFlowCommand({
        AppInstanceArn: properties.appInstanceArn,
        Name: properties.name,
        Processors: processors(properties),
        ClientRequestToken: idempotencyToken,
      }),
    ),
  );
  if (!isChannelFlowArn(ChannelFlowArn)) throw new BootstrapStepError("CreateChannelFlow", new Error("No ARN"));
  return ChannelFlowArn;
}

/** Disassociates the flow from every channel (as `bearer`, an AppInstanceAdmin), then deletes it. */
export async function deleteChannelFlow(
  messaging: MessagingClient,
  flowArn: string,
  bearer: string,
): Promise<"deleted" | "already-gone"> {
  if (!isChannelFlowArn(flowArn) || !(await flowExists(messaging, flowArn))) return "already-gone";
  // Each page is read from the start: the channels just disassociated have left the list.
  for (;;) {
    const { Channels = [] } = await step("ListChannelsAssociatedWithChannelFlow", () =>
      messaging.send(new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: flowArn, MaxResults: 50 })),
    );
    if (Channels.length === 0) break;
    for (const channel of Channels) {
      await step("DisassociateChannelFlow", () =>
        messaging
          .send(
            new DisassociateChannelFlowCommand({
              ChannelArn: channel.ChannelArn,
              ChannelFlowArn: flowArn,
              ChimeBearer: bearer,
            }),
          )
          .catch((error: unknown) => {
            // Disassociated (or deleted) meanwhile: that is the point.
            if (!(error instanceof Error && error.name === "NotFoundException")) throw error;
          }),
      );
    }
  }
  try {
    await messaging.send(new DeleteChannelFlowCommand({ ChannelFlowArn: flowArn }));
    return "deleted";
  } catch (error) {
    if (isMissing(error) && !(await flowExists(messaging, flowArn))) return "already-gone";
    throw new BootstrapStepError("DeleteChannelFlow", error);
  }
}
