/**
 * The SDK clients, created once per container (those that only one operation uses on its first call:
 * `onFirstUse`). Credentials, region and endpoint follow the SDK's
 * standard configuration (the Lambda role and region on AWS; `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and `AWS_ENDPOINT_URL` locally) unless given here explicitly.
 */
import type { SdkCallOptions } from "../aws/deadline";
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";

export interface ChimeClients {
  messaging: ChimeSDKMessagingClient;
  identity: ChimeSDKIdentityClient;
  destroy(): void;
}

export interface ChimeClientOptions {
  region: string;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** Overrides the default credential chain (tests, tools). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Overrides `AWS_ENDPOINT_URL*` (tests, tools). */
  endpoint?: string;
}

/** The configuration every SDK client of the API shares (Chime and STS). */
export function sdkClientConfig(options: ChimeClientOptions) {
  return {
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
    },
  };
}

export function createChimeClients(options: ChimeClientOptions): ChimeClients {
  const config = sdkClientConfig(options);
  const messaging = new ChimeSDKMessagingClient(config);
  const identity = new ChimeSDKIdentityClient(config);
  return {
    messaging,
    identity,
    destroy: () => {
      messaging.destroy();
      identity.destroy();
    },
  };
}

/** Wraps an SDK client as it is made (X-Ray tracing on AWS: handlers/graphqlTraced.ts). */
export type Instrument = <T extends object>(client: T) => T;

/**
 * A client's `send`, creating the client on the first call: for clients that only some requests use
 * (STS: `credentials`; DynamoDB: limited mutations), so that a container that never needs one never
 * pays for it, and the one that does pays what creating it at load would have cost.
 */
export function onFirstUse<Command, Output>(
  create: () => {
    send(command: Command, options?: SdkCallOptions): Promise<Output>;
  },
): { send(command: Command, options?: SdkCallOptions): Promise<Output> } {
  let client: { send(command: Command, options?: SdkCallOptions): Promise<Output> } | undefined;
  return { send: (command, options) => (client ??= create()).send(command, options) };
}
