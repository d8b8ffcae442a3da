/** Mobile push as the API holds it per container: its configuration and its per-container state. */
import type { PushConfig } from "../config";
import type { Clock } from "../credentials/cache";
import { DeviceRegistry } from "./devices";
import { PushSenderState } from "./ownMessages";

export interface PushFeature {
  config: PushConfig;
  devices: DeviceRegistry;
  senders: PushSenderState;
}

/** Undefined without a push application: push fields answer NOT_CONFIGURED, sends carry no push. */
export function createPushFeature(config: PushConfig | undefined, clock: Clock): PushFeature | undefined {
  if (!config) return undefined;
  return { config, devices: new DeviceRegistry(config.appArn), senders: new PushSenderState(clock) };
}
