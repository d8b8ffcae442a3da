/**
 * Input limits from the services' models. The JS SDK checks none of them and botocore only minimums,
 * so the endpoint enforces every one (BadRequestException), with the model's message style.
 */
import { BadRequestError, ConflictError } from "./errors";
import type { Store } from "../store/store";
import { isChimeArn } from "./arns";

function invalid(name: string, constraint: string): BadRequestError {
  return new BadRequestError(
    `1 validation error detected: Value at '${name}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Length in characters (Unicode code points), as Smithy's @length counts them. */
export function checkLength(name: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined) return;
  const length = [...value].length;
  if (length < min || length > max) {
    throw invalid(name, `Member must have length between ${min} and ${max}, inclusive`);
  }
}

export function utf8Length(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

export function checkPattern(name: string, value: string | undefined, pattern: RegExp): void {
  if (value !== undefined && !pattern.test(value)) {
    throw invalid(name, `Member must satisfy regular expression pattern: ${pattern.source}`);
  }
}

export function checkEnum<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): void {
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
    throw invalid(name, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
}

export function checkCount(name: string, values: unknown[] | undefined, min: number, max: number): void {
  if (values !== undefined && (values.length < min || values.length > max)) {
    throw invalid(name, `Member must have length between ${min} and ${max}, inclusive`);
  }
}

export function checkRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw invalid(name, `Member must have value between ${min} and ${max}, inclusive`);
  }
}

/** ChannelId, AppInstanceUserId. */
export const RESOURCE_ID = /^[A-Za-z0-9]([A-Za-z0-9:\-_.@]{0,62}[A-Za-z0-9])?$/;
export const CLIENT_REQUEST_TOKEN = /^[-_a-zA-Z0-9]*$/;
/** Name members: printable Unicode, at least one non-whitespace character. */
export const NON_EMPTY_NAME = /^(?=.*\S)[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\t\n\r]*$/su;
export const METADATA_MAX = 1024;

export function checkClientRequestToken(token: string | undefined): void {
  checkLength("clientRequestToken", token, 2, 64);
  checkPattern("clientRequestToken", token, CLIENT_REQUEST_TOKEN);
}

export function checkTags(tags: { Key?: string; Value?: string }[] | undefined): void {
  checkCount("tags", tags, 1, 50);
  for (const tag of tags ?? []) {
    if (tag.Key === undefined || tag.Value === undefined) throw invalid("tags", "Key and Value must not be null");
    checkLength("tags.member.key", tag.Key, 1, 128);
    checkLength("tags.member.value", tag.Value, 1, 256);
  }
}

/**
 * Runs a create once per ClientRequestToken: a retry with the same token and the same parameters
 * returns the first result and has no second effect. The same token with other parameters is a
 * ConflictException (the AWS API convention; Chime's docs do not name the error). Tokens are kept
 * for the life of the store; AWS keeps them for a limited window it does not document.
 */
export function idempotent<T>(
  store: Pick<Store, "transaction" | "getIdempotentResult" | "putIdempotentResult">,
  scope: string,
  token: string | undefined,
  parameters: unknown,
  create: () => T,
): T {
  if (token === undefined) return store.transaction(create);
  checkClientRequestToken(token);
  const fingerprint = JSON.stringify(parameters);
  return store.transaction(() => {
    const previous = store.getIdempotentResult(scope, token);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new ConflictError("The ClientRequestToken was already used with different parameters.");
      }
      return JSON.parse(previous.result) as T;
    }
    const result = create();
    store.putIdempotentResult(scope, token, fingerprint, JSON.stringify(result));
    return result;
  });
}

export function checkRequired(name: string, value: unknown): void {
  if (value === undefined || value === null) {
    throw new BadRequestError(
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
}

/** ARN members of the input are the model's ChimeArn: 5 to 1600 characters in the ARN pattern. */
export function checkArn(name: string, value: string | undefined): void {
  if (value !== undefined && !isChimeArn(value)) {
    throw invalid(name, "Member must be an ARN of 5 to 1600 characters");
  }
}

/** Elastic channels (and so sub-channels) are not emulated: any SubChannelId is refused. */
export function rejectSubChannel(subChannelId: string | undefined): void {
  if (subChannelId !== undefined) {
    throw new BadRequestError("SubChannelId applies to elastic channels, which the local endpoint does not support.");
  }
}
