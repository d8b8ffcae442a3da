/**
 * Mobile push on the local endpoint as a test drives it: push applications made and the push outbox
 * read through the control route, signed with the developer key (as curl --aws-sigv4 would), and
 * device endpoints registered through the official identity client.
 */
import {
  RegisterAppInstanceUserEndpointCommand,
  type ChimeSDKIdentityClient,
} from "@aws-sdk/client-chime-sdk-identity";
import { randomUUID } from "node:crypto";
import type { OutboxEntry } from "../../local/chime/push/delivery";
import type { AccessKey, TestEndpoint } from "./localEndpoint";
import { signedRequest, type RawResponse } from "./signedHttp";

export interface PushControlTarget {
  port: number;
  developerKey: AccessKey;
}

export type OutboxPush = OutboxEntry & { seq: number };

async function control(
  target: PushControlTarget,
  method: string,
  path: string,
  options: { body?: unknown; query?: Record<string, string> } = {},
): Promise<RawResponse> {
  return signedRequest({
    port: target.port,
    method,
    path,
    query: options.query,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    headers: options.body === undefined ? {} : { "content-type": "application/json" },
    credentials: target.developerKey,
  });
}

/** Makes a push application with these channels; returns its ARN. */
export async function createPushApp(
  target: PushControlTarget,
  channels: string[] = ["APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "GCM"],
  name = "test-push-app",
): Promise<string> {
  const response = await control(target, "POST", "/_local/push/apps", { body: { name, channels } });
  if (response.status !== 201) throw new Error(`POST /_local/push/apps: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { arn: string }).arn;
}

/**
 * The push application of a test file's endpoint (every channel), made before its tests (after the
 * endpoint starts); `arn` is its ARN from then on.
 */
export function useTestPushApp(t: TestEndpoint): { readonly arn: string } {
  let made: string | undefined;
  beforeAll(async () => {
    made = await createPushApp({ port: t.endpoint.port, developerKey: t.credentials.developer });
  });
  return {
    get arn() {
      if (made === undefined) throw new Error("The test push app is used outside its test file's tests.");
      return made;
    },
  };
}

/** The outbox, newest first: one user's with `userArn`. */
export async function readOutbox(
  target: PushControlTarget,
  options: { userArn?: string; limit?: number; before?: number } = {},
): Promise<{ pushes: OutboxPush[]; before?: number }> {
  const query: Record<string, string> = {};
  if (options.userArn !== undefined) query.user = options.userArn;
  if (options.limit !== undefined) query.limit = String(options.limit);
  if (options.before !== undefined) query.before = String(options.before);
  const response = await control(target, "GET", "/_local/push/outbox", { query });
  if (response.status !== 200) throw new Error(`GET /_local/push/outbox: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as { pushes: OutboxPush[]; before?: number };
}

/** Registers a device for `userArn` with the push app; returns the endpoint id. */
export async function registerDevice(
  identity: ChimeSDKIdentityClient,
  userArn: string,
  pushAppArn: string,
  options: {
    type?: "APNS" | "APNS_SANDBOX" | "GCM";
    token?: string;
    voipToken?: string;
    allowMessages?: "ALL" | "NONE";
  } = {},
): Promise<string> {
  const { EndpointId } = await identity.send(
    new RegisterAppInstanceUserEndpointCommand({
      AppInstanceUserArn: userArn,
      Type: options.type ?? "GCM",
      ResourceArn: pushAppArn,
      EndpointAttributes: { DeviceToken: options.token ?? `token-${randomUUID()}`, VoipDeviceToken: options.voipToken },
      AllowMessages: options.allowMessages,
      ClientRequestToken: randomUUID(),
    }),
  );
  return EndpointId as string;
}
