/** Validation shared by SendChannelMessage and UpdateChannelMessage. */
import type { MessageAttributeValue } from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../errors";
import { checkLength, METADATA_MAX, utf8Length } from "../../validate";

/** CONTROL messages are for typing indicators and the like: 30 bytes at most and no metadata. */
const CONTROL_CONTENT_MAX_BYTES = 30;

export function checkMessageBody(
  type: string | undefined,
  content: string | undefined,
  metadata: string | undefined,
): void {
  checkLength("content", content, 1, 4096);
  checkLength("metadata", metadata, 0, METADATA_MAX);
  if (type === "CONTROL") {
    if (content !== undefined && utf8Length(content) > CONTROL_CONTENT_MAX_BYTES) {
      throw new BadRequestError(`CONTROL messages are limited to ${CONTROL_CONTENT_MAX_BYTES} bytes of content.`);
    }
    if (metadata !== undefined) throw new BadRequestError("CONTROL messages cannot carry metadata.");
  }
}

export function checkContentType(contentType: string | undefined): void {
  checkLength("contentType", contentType, 0, 45);
}

export function checkMessageAttributes(attributes: Record<string, MessageAttributeValue> | undefined): void {
  for (const [key, value] of Object.entries(attributes ?? {})) {
    checkLength("messageAttributes.key", key, 1, 64);
    for (const item of value.StringValues ?? [])
      checkLength("messageAttributes.value.stringValues.member", item, 1, 512);
  }
}
