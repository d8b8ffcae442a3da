/**
 * Test support for channel flows: Lambda invokers to give the local endpoint (one that records each
 * invocation, for tests that answer as the processor themselves; one that fails, as an unreachable
 * function; one that runs processors in this process), a flow made and associated through the SDK,
 * and the real moderation processor wired to an endpoint.
 */
import {
  AssociateChannelFlowCommand,
  ChimeSDKMessagingClient,
  CreateChannelFlowCommand,
  type FallbackAction,
} from "@aws-sdk/client-chime-sdk-messaging";
import { LambdaInvocationError, type LambdaInvoker } from "../../local/chime/lambdaInvoker";
import type { ModerationDecisions } from "../../src/moderation/decisions";
import { createModerator, type ModerationPolicy } from "../../src/moderation/policy";
import { createModerationProcessor } from "../../src/moderation/processor";
import { clientConfig, type AccessKey, type AppFixture } from "./localEndpoint";

/** The processor's input as the endpoint sends it (the developer guide's "Invoking processor Lambda functions"). */
export interface ProcessorEvent {
  EventType: string;
  CallbackId: string;
  ChannelMessage: {
    MessageId: string;
    ChannelArn: string;
    Content?: string;
    Metadata?: string;
    Sender: { Arn: string; Name?: string };
    Persistence: string;
    LastEditedTimestamp?: string;
    Type: string;
    CreatedTimestamp: string;
    /** A message of an elastic channel's sub-channel (local/chime/channelFlows.ts, processorEvent). */
    SubChannelId?: string;
  };
}

export interface Invocation {
  functionArn: string;
  event: ProcessorEvent;
}

/** An invoker that accepts every event and keeps it, for the test to answer as the processor. */
export class RecordingInvoker implements LambdaInvoker {
  readonly invocations: Invocation[] = [];
  private waiters: (() => void)[] = [];

  invokeAsync(functionArn: string, payload: string): Promise<void> {
    this.invocations.push({ functionArn, event: JSON.parse(payload) as ProcessorEvent });
    for (const wake of this.waiters.splice(0)) wake();
    return Promise.resolve();
  }

  /** The first invocation for the message, once it has come (rejects after `ms`). */
  async next(messageId: string, count = 1, ms = 5000): Promise<Invocation> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.invocations.filter((i) => i.event.ChannelMessage.MessageId === messageId);
      if (found.length >= count) return found[count - 1];
      if (Date.now() > deadline) throw new Error(`no invocation ${count} for message ${messageId}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** An invoker whose every invocation fails, as for a function that does not exist. */
export const unreachableLambda: LambdaInvoker = {
  invokeAsync: (functionArn) => Promise.reject(new LambdaInvocationError(`Function not found: ${functionArn}`)),
};

export const TEST_FUNCTION_ARN = "arn:aws:lambda:us-east-1:111122223333:function:test-processor";

export interface FlowOptions {
  fallback?: FallbackAction;
  functionArns?: string[];
}

/** Creates a flow of one processor per function ARN (in that ExecutionOrder); returns its ARN. */
export async function createFlow(
  chime: ChimeSDKMessagingClient,
  app: AppFixture,
  options: FlowOptions = {},
): Promise<string> {
  const { ChannelFlowArn } = await chime.send(
    new CreateChannelFlowCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "moderation",
      Processors: (options.functionArns ?? [TEST_FUNCTION_ARN]).map((ResourceArn, index) => ({
        Name: `processor-${index + 1}`,
        ExecutionOrder: index + 1,
        FallbackAction: options.fallback ?? "ABORT",
        Configuration: { Lambda: { ResourceArn, InvocationType: "ASYNC" } },
      })),
    }),
  );
  return ChannelFlowArn as string;
}

/** Associates the flow with the channel as `bearer` (a moderator or admin). */
export async function associate(
  chime: ChimeSDKMessagingClient,
  channelArn: string,
  flowArn: string,
  bearer: string,
): Promise<void> {
  await chime.send(
    new AssociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn: flowArn, ChimeBearer: bearer }),
  );
}

/**
 * Processors run in this process, behind the same interface the endpoint uses for sls offline: each
 * invocation is accepted at once (202) and the handler runs afterwards, as Lambda's asynchronous
 * invocation does; a function of no known name cannot be invoked. Keyed by function name.
 */
export function inProcessLambda(functions: Record<string, (event: unknown) => Promise<void>>): LambdaInvoker {
  return {
    invokeAsync(functionArn, payload) {
      const handler = functions[functionArn.split(":")[6]];
      if (!handler) return Promise.reject(new LambdaInvocationError(`Function not found: ${functionArn}`));
      setImmediate(() => void handler(JSON.parse(payload) as unknown));
      return Promise.resolve();
    },
  };
}

/** The function name the test stacks give the moderation processor. */
export const MODERATION_FUNCTION = "chime-chat-api-test-moderationProcessor";
export const MODERATION_FUNCTION_ARN = `arn:aws:lambda:us-east-1:111122223333:function:${MODERATION_FUNCTION}`;

/** A policy for tests: "darn" denied, personal data masked. */
export const TEST_MODERATION_POLICY: ModerationPolicy = {
  words: ["darn"],
  wordAction: "deny",
  personalData: ["email", "phone", "card"],
  personalDataAction: "mask",
};

export interface ModerationProcessorUnderTest {
  handler: (event: unknown) => Promise<void>;
  close(): void;
}

/**
 * The real moderation processor (src/moderation/processor.ts), calling back the endpoint at `url` with
 * the local moderation role's key, as handlers/moderationProcessor.ts does under sls offline.
 */
export function moderationProcessor(
  url: string,
  moderationKey: AccessKey,
  decisions: ModerationDecisions | undefined,
  policy: ModerationPolicy = TEST_MODERATION_POLICY,
): ModerationProcessorUnderTest {
  const messaging = new ChimeSDKMessagingClient(clientConfig(url, moderationKey));
  const quiet = () => undefined;
  return {
    handler: createModerationProcessor({
      messaging,
      moderate: createModerator(policy),
      decisions,
      logger: { info: quiet, warn: quiet, error: quiet },
    }),
    close: () => messaging.destroy(),
  };
}
