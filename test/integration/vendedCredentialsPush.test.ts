/**
 * Vended credentials and mobile push, over HTTP with the official clients: with a push application
 * configured, alice's credentials (the user role with policies/user-role-push.json) register, list,
 * describe, update and remove alice's devices and set alice's notification preferences, and do none of
 * it for bob (IAM's AccessDeniedException). The actions come from user-role-push.json itself, so a new
 * one cannot slip through untested. Without a push application the role has none of them.
 */
import {
  ChimeSDKIdentityClient,
  DeregisterAppInstanceUserEndpointCommand,
  DescribeAppInstanceUserEndpointCommand,
  ListAppInstanceUserEndpointsCommand,
  RegisterAppInstanceUserEndpointCommand,
  UpdateAppInstanceUserEndpointCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  GetChannelMembershipPreferencesCommand,
  PutChannelMembershipPreferencesCommand,
  type ChimeSDKMessagingClient,
} from "@aws-sdk/client-chime-sdk-messaging";
import { policyTemplate } from "../../policies";
import { createChannel } from "../support/channels";
import {
  clientConfig,
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../support/localEndpoint";
import { createPushApp, registerDevice } from "../support/push";
import { assumeUserRole, messagingClientWith } from "../support/sts";

let t: TestEndpoint;
let app: AppFixture;
let pushAppArn: string;
let channelArn: string;
let identityAsAlice: ChimeSDKIdentityClient;
let messagingAsAlice: ChimeSDKMessagingClient;

beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["alice", "bob"]);
  await t.usePoliciesFor(app.appInstanceArn);
  pushAppArn = await createPushApp({ port: t.endpoint.port, developerKey: t.credentials.developer });
  t.endpoint.account.setPushAppArn(pushAppArn);
  channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  const credentials = await assumeUserRole(t, "alice");
  identityAsAlice = new ChimeSDKIdentityClient(clientConfig(t.endpoint.url, credentials));
  messagingAsAlice = messagingClientWith(t, credentials);
});
afterAll(async () => {
  identityAsAlice.destroy();
  messagingAsAlice.destroy();
  await t.close();
});

/** One call per action of user-role-push.json, on `user`'s devices or membership. */
const calls: Record<string, (user: string) => Promise<unknown>> = {
  RegisterAppInstanceUserEndpoint: (user) =>
    identityAsAlice.send(
      new RegisterAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users[user],
        Type: "APNS",
        ResourceArn: pushAppArn,
        EndpointAttributes: { DeviceToken: `token-of-${user}` },
        ClientRequestToken: `${user}-${Math.random().toString(36).slice(2)}`,
      }),
    ),
  ListAppInstanceUserEndpoints: (user) =>
    identityAsAlice.send(new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: app.users[user] })),
  DescribeAppInstanceUserEndpoint: async (user) =>
    identityAsAlice.send(
      new DescribeAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users[user],
        EndpointId: await registerDevice(t.identity, app.users[user], pushAppArn),
      }),
    ),
  UpdateAppInstanceUserEndpoint: async (user) =>
    identityAsAlice.send(
      new UpdateAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users[user],
        EndpointId: await registerDevice(t.identity, app.users[user], pushAppArn),
        AllowMessages: "NONE",
      }),
    ),
  DeregisterAppInstanceUserEndpoint: async (user) =>
    identityAsAlice.send(
      new DeregisterAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users[user],
        EndpointId: await registerDevice(t.identity, app.users[user], pushAppArn),
      }),
    ),
  GetChannelMembershipPreferences: (user) =>
    messagingAsAlice.send(
      new GetChannelMembershipPreferencesCommand({
        ChannelArn: channelArn,
        MemberArn: app.users[user],
        ChimeBearer: app.users[user],
      }),
    ),
  PutChannelMembershipPreferences: (user) =>
    messagingAsAlice.send(
      new PutChannelMembershipPreferencesCommand({
        ChannelArn: channelArn,
        MemberArn: app.users[user],
        ChimeBearer: app.users[user],
        Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
      }),
    ),
};

const grantedChimeActions = (() => {
  const policy = JSON.parse(policyTemplate("user-role-push")) as { Statement: { Action: string | string[] }[] };
  return policy.Statement.flatMap((s) => [s.Action].flat())
    .filter((a) => a.startsWith("chime:"))
    .map((a) => a.slice(6));
})();

test("every Chime action user-role-push.json grants is exercised here", () => {
  expect(grantedChimeActions.sort()).toEqual(Object.keys(calls).sort());
});

describe.each(Object.keys(calls))("%s with alice's credentials", (action) => {
  test("succeeds on alice's own devices and membership", async () => {
    await expect(calls[action]("alice")).resolves.toMatchObject({
      $metadata: { httpStatusCode: expect.any(Number) as number },
    });
  });

  test("is denied by IAM on bob's", async () => {
    await expect(calls[action]("bob")).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining(`chime:${action} on resource: ${app.users.bob}`) as string,
    });
  });
});

test("alice registers only with the configured push app: another is Chime's 403 (mobiletargeting:GetApp)", async () => {
  const other = await createPushApp({ port: t.endpoint.port, developerKey: t.credentials.developer }, ["GCM"], "other");
  await expect(
    identityAsAlice.send(
      new RegisterAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users.alice,
        Type: "GCM",
        ResourceArn: other,
        EndpointAttributes: { DeviceToken: "t" },
        ClientRequestToken: "other-app",
      }),
    ),
  ).rejects.toMatchObject({ name: "ForbiddenException", $metadata: { httpStatusCode: 403 } });
});

test("without a push application the user role grants none of it", async () => {
  const bare = await startTestEndpoint();
  try {
    const a = await createApp(bare.identity, ["alice"]);
    await bare.usePoliciesFor(a.appInstanceArn);
    const identity = new ChimeSDKIdentityClient(clientConfig(bare.endpoint.url, await assumeUserRole(bare, "alice")));
    await expect(
      identity.send(new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: a.users.alice })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    identity.destroy();
  } finally {
    await bare.close();
  }
});
