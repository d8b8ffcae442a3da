/**
 * What the API adds to a message it sends when push is configured: the message attributes the members'
 * filter rules read (`sender`, `mentions`: notificationLevels.ts) and the push's title and body. The
 * defaults say who wrote where, never what (the channel's name and the sender's name), unless the
 * deployment allows the message's text in pushes (PUSH_INCLUDE_CONTENT): pushes travel through Apple's or
 * Google's services and show on lock screens.
 */
import type { MessageAttributeValue, PushNotificationConfiguration } from "@aws-sdk/client-chime-sdk-messaging";
import { MENTIONS_ATTRIBUTE, SENDER_ATTRIBUTE } from "./notificationLevels";

/** Chime's PushNotificationConfiguration: Title 1 to 50 characters, Body 1 to 150. */
export const PUSH_TITLE_MAX = 50;
export const PUSH_BODY_MAX = 150;
/** Users one message may mention; the attributes must also stay within 1 KB (filter rule limits). */
export const MAX_MENTIONS = 20;
export const MESSAGE_ATTRIBUTES_MAX_BYTES = 1024;

/** At most `max` characters (code points), an ellipsis standing for what was cut. */
export function shorten(text: string, max: number): string {
  const characters = [...text.replace(/\s+/g, " ").trim()];
  return characters.length <= max ? characters.join("") : `${characters.slice(0, max - 1).join("")}…`;
}

/** The attributes of a message: its sender (when it pushes) and the users it mentions, by user id. */
export function messageAttributes(
  senderId: string | undefined,
  mentionIds: readonly string[],
): Record<string, MessageAttributeValue> | undefined {
  const attributes: Record<string, MessageAttributeValue> = {};
  if (senderId !== undefined) attributes[SENDER_ATTRIBUTE] = { StringValues: [senderId] };
  if (mentionIds.length > 0) attributes[MENTIONS_ATTRIBUTE] = { StringValues: [...mentionIds] };
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

/** Their size as Chime counts it against the 1 KB: keys and values, UTF-8. */
export function attributesBytes(attributes: Record<string, MessageAttributeValue> | undefined): number {
  let size = 0;
  for (const [key, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(key);
    for (const item of value.StringValues ?? []) size += Buffer.byteLength(item);
  }
  return size;
}

export interface PushText {
  channelName: string;
  senderName: string;
  content: string;
  includeContent: boolean;
  /** Given by the client; checked for length by the caller. */
  title?: string;
  body?: string;
}

export function pushNotification(text: PushText): PushNotificationConfiguration {
  const body = text.includeContent ? `${text.senderName}: ${text.content}` : `New message from ${text.senderName}`;
  return {
    Title: text.title ?? (shorten(text.channelName, PUSH_TITLE_MAX) || "New message"),
    Body: text.body ?? shorten(body, PUSH_BODY_MAX),
    Type: "DEFAULT",
  };
}
