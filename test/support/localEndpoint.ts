/**
 * Test support: the real local endpoint on a free port with an in-memory store, and the official SDK
 * clients pointed at it over HTTP.
 */
import {
  ChimeSDKIdentityClient,
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { startLocalEndpoint, type LocalEndpoint, type LocalEndpointOptions } from "../../local/endpoint/localEndpoint";

export interface TestEndpoint {
  endpoint: LocalEndpoint;
  messaging: ChimeSDKMessagingClient;
  identity: ChimeSDKIdentityClient;
  close(): Promise<void>;
}

export const testRegion = "us-east-1";
export const testCredentials = { accessKeyId: "AKIALOCALTESTKEY0001", secretAccessKey: "local-test-secret" };

export function clientConfig(url: string) {
  // One attempt: a test must see the endpoint's first answer, not a retried one.
  return { endpoint: url, region: testRegion, credentials: testCredentials, maxAttempts: 1 };
}

export async function startTestEndpoint(options: LocalEndpointOptions = {}): Promise<TestEndpoint> {
  const endpoint = await startLocalEndpoint({ databasePath: ":memory:", ...options });
  const messaging = new ChimeSDKMessagingClient(clientConfig(endpoint.url));
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url));
  return {
    endpoint,
    messaging,
    identity,
    close: async () => {
      messaging.destroy();
      identity.destroy();
      await endpoint.close();
    },
  };
}

export interface AppFixture {
  appInstanceArn: string;
  /** AppInstanceUser ARNs by user id. */
  users: Record<string, string>;
}

/** Creates an app instance and one AppInstanceUser per id. */
export async function createApp(identity: ChimeSDKIdentityClient, userIds: string[]): Promise<AppFixture> {
  const { AppInstanceArn } = await identity.send(
    new CreateAppInstanceCommand({ Name: "test-app", ClientRequestToken: undefined }),
  );
  const appInstanceArn = AppInstanceArn as string;
  const users: Record<string, string> = {};
  for (const id of userIds) {
    const { AppInstanceUserArn } = await identity.send(
      new CreateAppInstanceUserCommand({ AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: id }),
    );
    users[id] = AppInstanceUserArn as string;
  }
  return { appInstanceArn, users };
}

/** Promotes a user to AppInstanceAdmin through the identity API. */
export async function makeAdmin(identity: ChimeSDKIdentityClient, app: AppFixture, userId: string): Promise<void> {
  await identity.send(
    new CreateAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users[userId] }),
  );
}
