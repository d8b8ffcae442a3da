/**
 * Limits of a message body that the model cannot express, shared by SendChannelMessage and
 * UpdateChannelMessage. The model's Content has no maximum and its Metadata counts characters; AWS
 * documents both in bytes:
 * - "STANDARD messages can be up to 4KB in size" and "CONTROL messages are limited to 30 bytes and do
 *   not contain metadata" (SendChannelMessage in the Chime SDK API reference, and in the model);
 * - "STANDARD messages can contain 4KB of data and the 1KB of metadata" (SendChannelMessage in the
 *   earlier Amazon Chime namespace's API reference).
 * A KB is read as 1,024 bytes of UTF-8, as the output shape's Content caps at 4,096.
 */
import { BadRequestError } from "../../errors";

const CONTENT_MAX_BYTES = 4096;
const METADATA_MAX_BYTES = 1024;
const CONTROL_CONTENT_MAX_BYTES = 30;

const utf8Bytes = (value: string) => Buffer.byteLength(value, "utf8");

/** `type` undefined checks what holds for every type (an update, before the stored type is known). */
export function checkMessageBody(
  type: string | undefined,
  content: string | undefined,
  metadata: string | undefined,
): void {
  if (content !== undefined && utf8Bytes(content) > CONTENT_MAX_BYTES) {
    throw new BadRequestError(`Message content is limited to 4 KB (${CONTENT_MAX_BYTES} bytes of UTF-8).`);
  }
  if (metadata !== undefined && utf8Bytes(metadata) > METADATA_MAX_BYTES) {
    throw new BadRequestError(`Message metadata is limited to 1 KB (${METADATA_MAX_BYTES} bytes of UTF-8).`);
  }
  if (type === "CONTROL") {
    if (content !== undefined && utf8Bytes(content) > CONTROL_CONTENT_MAX_BYTES) {
      throw new BadRequestError(`CONTROL messages are limited to ${CONTROL_CONTENT_MAX_BYTES} bytes of content.`);
    }
    if (metadata !== undefined) throw new BadRequestError("CONTROL messages cannot carry metadata.");
  }
}
