/**
 * Mobile push in the GraphQL layer: the input checks of the push fields, and what sendMessage adds to
 * the Chime call (src/push/messagePush.ts). Kept apart from the message resolvers: a send without push
 * configured and without mentions makes exactly the call it made before.
 */
import type { MessageAttributeValue, PushNotificationConfiguration } from "@aws-sdk/client-chime-sdk-messaging";
import type { PushFeature } from "../push/feature";
import {
  attributesBytes,
  MAX_MENTIONS,
  MESSAGE_ATTRIBUTES_MAX_BYTES,
  messageAttributes,
  PUSH_BODY_MAX,
  PUSH_TITLE_MAX,
  pushNotification,
} from "../push/messagePush";
import type { GraphQLContext } from "./context";
import { apiError, badUserInput } from "./errors";
import { inputs } from "./resolvers/shared";

/** The push feature, or NOT_CONFIGURED when the deployment has no push application. */
export function pushFeature(context: Pick<GraphQLContext, "push">): PushFeature {
  if (!context.push) {
    throw apiError("NOT_CONFIGURED", "Push notifications are not configured for this deployment.");
  }
  return context.push;
}

/** 1 to `max` characters (code points, as Chime's model counts them), or absent. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  const length = [...value].length;
  if (length < 1 || length > max || value.trim() === "") {
    throw badUserInput(field, `${field} must be 1 to ${max} characters, not only spaces.`, max);
  }
  return value;
}

export interface MessagePushInput {
  channelArn: string;
  content: string;
  type: "STANDARD" | "CONTROL";
  persistence: "PERSISTENT" | "NON_PERSISTENT";
  mentions?: readonly string[] | null;
  pushTitle?: string | null;
  pushBody?: string | null;
}

/**
 * The MessageAttributes and PushNotification of a message sent through the API. With push configured,
 * a persistent STANDARD message pushes (titled by default with the channel's name), carries its sender
 * (members' rules leave their own messages out) and, before it goes, the sender's own rule is made sure
 * of. Mentions are attributes with or without push. CONTROL and NON_PERSISTENT messages never push, nor
 * do the messages of large channels. Where moderation checks messages (a channel flow), a push never
 * carries text the check has not seen: it would reach lock screens while the message waits, and stay
 * there if the message is denied. The default body then names the sender only, whatever
 * PUSH_INCLUDE_CONTENT says, and a given pushTitle or pushBody is refused.
 */
export async function messagePushFields(
  context: GraphQLContext,
  message: MessagePushInput,
): Promise<{
  MessageAttributes?: Record<string, MessageAttributeValue>;
  PushNotification?: PushNotificationConfiguration;
}> {
  const mentionArns = message.mentions?.length
    ? inputs(context).users("input.mentions", message.mentions, 1, MAX_MENTIONS)
    : [];
  const title = optionalText("input.pushTitle", message.pushTitle, PUSH_TITLE_MAX);
  const body = optionalText("input.pushBody", message.pushBody, PUSH_BODY_MAX);
  const moderated = context.moderation.channelFlowArn !== undefined;
  if (moderated && (title !== undefined || body !== undefined)) {
    const field = title !== undefined ? "input.pushTitle" : "input.pushBody";
    throw badUserInput(field, "pushTitle and pushBody are not accepted where messages are moderated.");
  }
  const userPrefix = `${context.appInstanceArn}/user/`;
  const mentionIds = mentionArns.map((arn) => arn.slice(userPrefix.length));
  const pushes = context.push !== undefined && message.type === "STANDARD" && message.persistence === "PERSISTENT";
  const attributes = messageAttributes(pushes ? context.identity.sub : undefined, mentionIds);
  if (attributesBytes(attributes) > MESSAGE_ATTRIBUTES_MAX_BYTES) {
    throw badUserInput("input.mentions", "input.mentions names too many users for one message.", MAX_MENTIONS);
  }
  if (!pushes || !context.push) return attributes ? { MessageAttributes: attributes } : {};
  const { senders, config } = context.push;
  // Neither lookup may stop the message: without the channel the title is generic, and without the rule
  // the sender's own devices may get this one push (Chime's default).
  const warn = (what: string) => (error: unknown) => {
    context.logger.warn(`Push: ${what} failed; the message goes anyway`, {
      error: error instanceof Error ? error.name : "unknown",
    });
  };
  const channel = await senders.channel(context.chime, message.channelArn).catch((error: unknown) => {
    warn("the channel's lookup")(error);
    return undefined;
  });
  // A large channel gets no push from the API: Chime keeps no membership preferences there ("Elastic
  // channels don't support ... membership preferences"), so its members could not mute it, nor the
  // sender leave out their own. The message goes as it would without push configured.
  if (channel?.elastic) {
    const mentionsOnly = messageAttributes(undefined, mentionIds);
    return mentionsOnly ? { MessageAttributes: mentionsOnly } : {};
  }
  await senders
    .excludeOwnMessages(context.chime, message.channelArn, context.identity.sub)
    .catch(warn("the sender's own rule"));
  const channelName = title === undefined ? (channel?.name ?? "") : "";
  return {
    MessageAttributes: attributes,
    PushNotification: pushNotification({
      channelName,
      senderName: context.identity.name,
      content: message.content,
      includeContent: config.includeContent && !moderated,
      title,
      body,
    }),
  };
}
