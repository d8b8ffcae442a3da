/**
 * The moderation processor of a Chime channel flow (DG "Setting up a Channel Processor"): Chime invokes
 * it asynchronously with each STANDARD message of the channels that run the flow, and it answers with
 * ChannelFlowCallback, signed with its execution role's credentials (the callback takes no bearer; IAM
 * checks `chime:ChannelFlowCallback` on the channel). Clean content goes on unchanged; content with
 * what the policy masks goes on masked; content the policy denies is DENIED (DeleteResource), after
 * its reason is recorded for the sender (decisions.ts).
 *
 * It never throws: Lambda's asynchronous invocation would retry a failed event twice, and a retry
 * cannot help a bad event, while the SDK already retries a failed callback. A callback that still fails
 * leaves the message PENDING, settled by the flow's FallbackAction after Chime's 48 hours. Logs name
 * the channel, the message and the decision, never the content.
 */
import { ChannelFlowCallbackCommand, type ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { ModerationDecisions } from "./decisions";
import type { ModerationOutcome } from "./policy";

/** The processor's input as the developer guide documents it ("Invoking processor Lambda functions"). */
export interface ChannelMessageEvent {
  EventType: "CHANNEL_MESSAGE_EVENT";
  CallbackId: string;
  ChannelMessage: {
    MessageId: string;
    ChannelArn: string;
    Content?: string;
    Metadata?: string;
    Sender?: { Arn?: string; Name?: string };
    Persistence?: string;
    LastEditedTimestamp?: string;
    Type?: string;
    CreatedTimestamp?: string;
  };
}

export interface ModerationProcessorDependencies {
  messaging: Pick<ChimeSDKMessagingClient, "send">;
  moderate: (content: string) => ModerationOutcome;
  /** Where denials are recorded for their senders; none: not recorded. */
  decisions?: Pick<ModerationDecisions, "recordDenial">;
  logger: Pick<Logger, "info" | "warn" | "error">;
  now?: () => Date;
}

/** A message's content is at most 4 KB of UTF-8 (SendChannelMessage): masking must not make it longer. */
const CONTENT_MAX_BYTES = 4096;

function isChannelMessageEvent(event: unknown): event is ChannelMessageEvent {
  const candidate = event as Partial<ChannelMessageEvent> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    candidate.EventType === "CHANNEL_MESSAGE_EVENT" &&
    typeof candidate.CallbackId === "string" &&
    typeof candidate.ChannelMessage?.MessageId === "string" &&
    typeof candidate.ChannelMessage.ChannelArn === "string"
  );
}

/** What the policy decides, with a masked content too long to send turned into a denial. */
function decide(moderate: ModerationProcessorDependencies["moderate"], content: string | undefined): ModerationOutcome {
  const outcome = content === undefined ? ({ action: "allow" } as const) : moderate(content);
  if (outcome.action === "mask" && Buffer.byteLength(outcome.content, "utf8") > CONTENT_MAX_BYTES) {
    return { action: "deny", reason: "The message is too long once its personal data is masked." };
  }
  return outcome;
}

export function createModerationProcessor(dependencies: ModerationProcessorDependencies) {
  const { messaging, moderate, decisions, logger } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  return async (event: unknown): Promise<void> => {
    if (!isChannelMessageEvent(event)) {
      logger.warn("Not a channel flow event; nothing to call back");
      return;
    }
    const { CallbackId, ChannelMessage: message } = event;
    const where = { channelArn: message.ChannelArn, messageId: message.MessageId };
    const outcome = decide(moderate, message.Content);
    try {
      if (outcome.action === "deny" && decisions && message.Sender?.Arn) {
        await decisions.recordDenial({
          ...where,
          senderArn: message.Sender.Arn,
          reason: outcome.reason,
          deniedAt: now(),
        });
      }
      await messaging.send(
        new ChannelFlowCallbackCommand({
          CallbackId,
          ChannelArn: message.ChannelArn,
          DeleteResource: outcome.action === "deny",
          ChannelMessage: {
            MessageId: message.MessageId,
            ...(outcome.action === "mask" ? { Content: outcome.content } : {}),
          },
        }),
      );
      logger.info("Message moderated", {
        ...where,
        action: outcome.action,
        ...(outcome.action === "deny" ? { reason: outcome.reason } : {}),
        ...(outcome.action === "mask" ? { found: outcome.found } : {}),
      });
    } catch (error) {
      logger.error("The moderation decision could not be sent back", {
        ...where,
        action: outcome.action,
        errorName: error instanceof Error ? error.name : "Error",
      });
    }
  };
}
