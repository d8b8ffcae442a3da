/**
 * The push applications of the local account: what Amazon Pinpoint (AWS End User Messaging) apps are to
 * Chime. The developer guide's "Using mobile push notifications" asks for an app with an APNs or FCM
 * channel, "in the same AWS account and region as your Amazon Chime SDK app instance"; an endpoint is
 * registered against the app's ARN (`arn:aws:mobiletargeting:<region>:<account>:apps/<id>`). Here an app
 * is a name and its channels, made by the developer key (the control route, or `npm start`'s bootstrap).
 * Nothing is sent anywhere: what a channel would carry goes to the push outbox (delivery.ts).
 */
import { randomUUID } from "node:crypto";
import type { PushAppRow, PushChannel, Store } from "../../store/store";
import type { Clock, EndpointConfig } from "../services";

export const PUSH_CHANNELS: readonly PushChannel[] = ["APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "GCM"];

export class PushAppError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PushAppError";
  }
}

export function pushAppArn(config: Pick<EndpointConfig, "region" | "accountId">, appId: string): string {
  return `arn:aws:mobiletargeting:${config.region}:${config.accountId}:apps/${appId}`;
}

/** Makes a push application with the given channels (Pinpoint's app ids are 32 hex digits). */
export function createPushApp(
  { store, clock, config }: { store: Pick<Store, "insertPushApp">; clock: Clock; config: EndpointConfig },
  name: string,
  channels: readonly string[],
): PushAppRow {
  if (!/^[\w .-]{1,64}$/.test(name))
    throw new PushAppError("A push app's name is 1 to 64 of A-Z a-z 0-9 _ . - and space.");
  const unknown = channels.filter((channel) => !PUSH_CHANNELS.includes(channel as PushChannel));
  if (channels.length === 0 || unknown.length > 0) {
    throw new PushAppError(`A push app needs channels among ${PUSH_CHANNELS.join(", ")}.`);
  }
  const row: PushAppRow = {
    arn: pushAppArn(config, randomUUID().replace(/-/g, "")),
    name,
    channels: [...new Set(channels as PushChannel[])],
    createdAt: clock.now().getTime(),
  };
  store.insertPushApp(row);
  return row;
}
