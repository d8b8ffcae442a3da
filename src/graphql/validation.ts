/**
 * Input checks that run before any Chime call, with the limits of the Chime model. Each failure is a
 * BAD_USER_INPUT naming the field (`extensions.field`) and its limit (`extensions.limit`).
 */
import { badUserInput } from "./errors";

/** ChannelId and AppInstanceUserId (the Chime model's pattern). */
const RESOURCE_ID = "[A-Za-z0-9](?:[A-Za-z0-9:\\-_.@]{0,62}[A-Za-z0-9])?";
const MESSAGE_ID = /^[-_a-zA-Z0-9]{1,128}$/;
const CLIENT_REQUEST_TOKEN = /^[-_a-zA-Z0-9]{2,64}$/;
/** Names: at least one character that is not white space, and no control characters but tab and line breaks. */
const NAME = /^(?=[\s\S]*\S)(?:[^\p{Cc}]|[\t\n\r])*$/u;

export const LIMITS = {
  pageSize: 50,
  channelName: 256,
  metadata: 1024,
  /** A message's content and metadata: 4 KB and 1 KB, in bytes of UTF-8, as Chime documents them. */
  standardContentBytes: 4096,
  messageMetadataBytes: 1024,
  controlContentBytes: 30,
  createChannelArns: 10,
  batchMembers: 100,
  cursor: 4096,
} as const;

function chars(value: string): number {
  return [...value].length;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class InputValidator {
  private readonly channelArn: RegExp;
  private readonly userArn: RegExp;

  constructor(readonly appInstanceArn: string) {
    const base = escapeRegExp(appInstanceArn);
    this.channelArn = new RegExp(`^${base}/channel/${RESOURCE_ID}$`);
    this.userArn = new RegExp(`^${base}/user/${RESOURCE_ID}$`);
  }

  channel(field: string, value: string): string {
    if (!this.channelArn.test(value)) {
      throw badUserInput(field, `${field} must be a channel ARN of this app (${this.appInstanceArn}/channel/<id>).`);
    }
    return value;
  }

  user(field: string, value: string): string {
    if (!this.userArn.test(value)) {
      throw badUserInput(field, `${field} must be a user ARN of this app (${this.appInstanceArn}/user/<id>).`);
    }
    return value;
  }

  users(field: string, values: readonly string[], min: number, max: number): string[] {
    if (values.length < min || values.length > max) {
      throw badUserInput(field, `${field} must list ${min} to ${max} user ARNs.`, max);
    }
    values.forEach((value, index) => this.user(`${field}[${index}]`, value));
    if (new Set(values).size !== values.length) throw badUserInput(field, `${field} must not repeat a user.`);
    return [...values];
  }
}

export function messageId(field: string, value: string): string {
  if (!MESSAGE_ID.test(value)) {
    throw badUserInput(field, `${field} must be 1 to 128 of A-Z a-z 0-9 - _.`, 128);
  }
  return value;
}

export function channelName(field: string, value: string): string {
  if (chars(value) > LIMITS.channelName || !NAME.test(value)) {
    throw badUserInput(
      field,
      `${field} must be 1 to ${LIMITS.channelName} characters, not only spaces.`,
      LIMITS.channelName,
    );
  }
  return value;
}

export function metadata(field: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (chars(value) > LIMITS.metadata) {
    throw badUserInput(field, `${field} must be at most ${LIMITS.metadata} characters.`, LIMITS.metadata);
  }
  return value;
}

export function clientRequestToken(field: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!CLIENT_REQUEST_TOKEN.test(value)) {
    throw badUserInput(field, `${field} must be 2 to 64 of A-Z a-z 0-9 - _.`, 64);
  }
  return value;
}

/**
 * STANDARD: 1 to 4096 bytes of UTF-8 and metadata up to 1024 ("STANDARD messages can be up to 4KB in
 * size", with "1KB of metadata": the local endpoint reads them the same way); CONTROL: 1 to 30 bytes
 * and no metadata.
 */
export function messageBody(
  fields: { content: string; metadata: string },
  type: "STANDARD" | "CONTROL",
  content: string,
  meta: string | null | undefined,
): void {
  if (type === "CONTROL") {
    const bytes = Buffer.byteLength(content, "utf8");
    if (bytes < 1 || bytes > LIMITS.controlContentBytes) {
      throw badUserInput(
        fields.content,
        `${fields.content} of a CONTROL message must be 1 to ${LIMITS.controlContentBytes} bytes.`,
        LIMITS.controlContentBytes,
      );
    }
    if (meta !== null && meta !== undefined) {
      throw badUserInput(fields.metadata, `${fields.metadata} is not allowed on CONTROL messages.`, 0);
    }
    return;
  }
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes < 1 || bytes > LIMITS.standardContentBytes) {
    throw badUserInput(
      fields.content,
      `${fields.content} must be 1 to ${LIMITS.standardContentBytes} bytes of UTF-8 (4 KB).`,
      LIMITS.standardContentBytes,
    );
  }
  if (meta !== null && meta !== undefined && Buffer.byteLength(meta, "utf8") > LIMITS.messageMetadataBytes) {
    throw badUserInput(
      fields.metadata,
      `${fields.metadata} must be at most ${LIMITS.messageMetadataBytes} bytes of UTF-8 (1 KB).`,
      LIMITS.messageMetadataBytes,
    );
  }
}

export function pageSize(value: number | null | undefined): number {
  const first = value ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > LIMITS.pageSize) {
    throw badUserInput("first", `first must be between 1 and ${LIMITS.pageSize}.`, LIMITS.pageSize);
  }
  return first;
}

export function timeWindow(notBefore: Date | null | undefined, notAfter: Date | null | undefined): void {
  if (notBefore && notAfter && notBefore.getTime() > notAfter.getTime()) {
    throw badUserInput("notBefore", "notBefore must not be later than notAfter.");
  }
}
