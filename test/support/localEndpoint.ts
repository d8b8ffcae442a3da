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
import type { BuildMiddleware } from "@smithy/types";
import type { Clock } from "../../local/chime/services";
import { startLocalEndpoint, type LocalEndpoint, type LocalEndpointOptions } from "../../local/endpoint/localEndpoint";

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TestEndpoint {
  endpoint: LocalEndpoint;
  /** Clients signed with the developer key (full access). */
  messaging: ChimeSDKMessagingClient;
  identity: ChimeSDKIdentityClient;
  credentials: { developer: AccessKey; server: AccessKey };
  /** Makes the role policies of policies/ name this app instance. */
  usePoliciesFor(appInstanceArn: string): Promise<void>;
  close(): Promise<void>;
}

export const testRegion = "us-east-1";

export function clientConfig(url: string, credentials: AccessKey) {
  // One attempt: a test must see the endpoint's first answer, not a retried one.
  return { endpoint: url, region: testRegion, credentials, maxAttempts: 1 };
}

/**
 * A middleware that makes a client sign with the endpoint's clock. Tests that inject a clock (fixed or
 * moving) would otherwise have every request refused as signed too long ago or in the future.
 */
export function followClock<Input extends object, Output extends object>(
  config: { systemClockOffset?: number },
  clock: Clock,
): BuildMiddleware<Input, Output> {
  return (next) => (args) => {
    config.systemClockOffset = clock.now().getTime() - Date.now();
    return next(args);
  };
}

export async function startTestEndpoint(options: LocalEndpointOptions = {}): Promise<TestEndpoint> {
  const endpoint = await startLocalEndpoint({ databasePath: ":memory:", ...options });
  const developer = endpoint.account.developerKey;
  const messaging = new ChimeSDKMessagingClient(clientConfig(endpoint.url, developer));
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url, developer));
  if (options.clock) {
    const step = { step: "build", name: "followEndpointClock" } as const;
    messaging.middlewareStack.add(followClock(messaging.config, options.clock), step);
    identity.middlewareStack.add(followClock(identity.config, options.clock), step);
  }
  return {
    endpoint,
    messaging,
    identity,
    credentials: { developer, server: endpoint.account.serverKey },
    usePoliciesFor: (appInstanceArn) => {
      endpoint.account.setAppInstanceArn(appInstanceArn);
      return Promise.resolve();
    },
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

/**
 * The endpoint of a test file: started before its first test (jest's beforeAll) and closed after its
 * last. The object stands for the endpoint from then on; using it outside that span is an error.
 */
export function useTestEndpoint(options: LocalEndpointOptions = {}): TestEndpoint {
  let started: TestEndpoint | undefined;
  beforeAll(async () => {
    started = await startTestEndpoint(options);
  });
  afterAll(() => started?.close());
  const current = (): TestEndpoint => {
    if (!started) throw new Error("The test endpoint is used outside its test file's tests.");
    return started;
  };
  return {
    get endpoint() {
      return current().endpoint;
    },
    get messaging() {
      return current().messaging;
    },
    get identity() {
      return current().identity;
    },
    get credentials() {
      return current().credentials;
    },
    usePoliciesFor: (appInstanceArn) => current().usePoliciesFor(appInstanceArn),
    close: () => current().close(),
  };
}

/**
 * An app instance of a test file's endpoint, made before its tests (after the endpoint starts): one
 * AppInstanceUser per id, and `admins` (ids among them) promoted to AppInstanceAdmin.
 */
export function useTestApp(
  t: TestEndpoint,
  userIds: string[],
  { admins = [] }: { admins?: string[] } = {},
): AppFixture {
  let made: AppFixture | undefined;
  beforeAll(async () => {
    made = await createApp(t.identity, userIds);
    for (const id of admins) await makeAdmin(t.identity, made, id);
  });
  const current = (): AppFixture => {
    if (!made) throw new Error("The test app instance is used outside its test file's tests.");
    return made;
  };
  return {
    get appInstanceArn() {
      return current().appInstanceArn;
    },
    get users() {
      return current().users;
    },
  };
}

/**
 * A clock a test sets by hand, starting near real time: requests are signed with the real time and the
 * endpoint checks signatures against its clock (5 minutes either way). Whole seconds, so that timestamps
 * compare exactly.
 */
export class ManualClock implements Clock {
  readonly start = new Date(Math.floor(Date.now() / 1000) * 1000);
  private current = this.start;
  now = (): Date => this.current;
  /** Sets the clock `ms` after its start; returns the new time. */
  setAfterStart(ms: number): Date {
    this.current = new Date(this.start.getTime() + ms);
    return this.current;
  }
}
