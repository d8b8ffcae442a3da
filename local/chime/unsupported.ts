/**
 * What the local endpoint does not emulate, refused with a message that says so rather than answered
 * as if it worked: elastic channels, and so their sub-channels.
 */
import { BadRequestError } from "./errors";

export function rejectSubChannel(subChannelId: string | undefined): void {
  if (subChannelId !== undefined) {
    throw new BadRequestError("SubChannelId applies to elastic channels, which the local endpoint does not support.");
  }
}

export function rejectElasticChannel(configuration: unknown): void {
  if (configuration !== undefined) {
    throw new BadRequestError("Elastic channels are not supported by the local endpoint.");
  }
}
