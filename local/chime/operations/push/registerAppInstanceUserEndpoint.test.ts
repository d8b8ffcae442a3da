import {
  BadRequestException,
  ChimeSDKIdentityClient,
  ConflictException,
  DescribeAppInstanceUserEndpointCommand,
  ForbiddenException,
  RegisterAppInstanceUserEndpointCommand,
  ResourceLimitExceededException,
} from "@aws-sdk/client-chime-sdk-identity";
import { clientConfig, createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { createPushApp, useTestPushApp } from "../../../../test/support/push";

const t = useTestEndpoint({ config: { quotas: { endpointsPerUser: 2 } } });
const pushApp = useTestPushApp(t);

const register = (input: Partial<ConstructorParameters<typeof RegisterAppInstanceUserEndpointCommand>[0]>) =>
  new RegisterAppInstanceUserEndpointCommand({
    AppInstanceUserArn: "",
    Type: "APNS",
    ResourceArn: pushApp.arn,
    EndpointAttributes: { DeviceToken: "a1b2c3" },
    ClientRequestToken: `token-${Math.random().toString(36).slice(2)}`,
    ...input,
  });

test("registers a device, ACTIVE with the push app, and answers 201 with the user and the endpoint id", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const before = Date.now();
  const result = await t.identity.send(
    register({
      AppInstanceUserArn: app.users.alice,
      Name: "Alice's phone",
      EndpointAttributes: { DeviceToken: "apns-token", VoipDeviceToken: "voip-token" },
    }),
  );
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.AppInstanceUserArn).toBe(app.users.alice);
  const { AppInstanceUserEndpoint } = await t.identity.send(
    new DescribeAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.alice, EndpointId: result.EndpointId }),
  );
  const { CreatedTimestamp, LastUpdatedTimestamp, ...rest } = AppInstanceUserEndpoint ?? {};
  expect(rest).toEqual({
    AppInstanceUserArn: app.users.alice,
    EndpointId: result.EndpointId,
    Name: "Alice's phone",
    Type: "APNS",
    ResourceArn: pushApp.arn,
    EndpointAttributes: { DeviceToken: "apns-token", VoipDeviceToken: "voip-token" },
    AllowMessages: "ALL",
    EndpointState: { Status: "ACTIVE" },
  });
  expect(CreatedTimestamp?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  expect(LastUpdatedTimestamp).toEqual(CreatedTimestamp);
});

test("a ResourceArn that is no push app of this account and region registers an INACTIVE endpoint (INVALID_PINPOINT_ARN)", async () => {
  const app = await createApp(t.identity, ["bob"]);
  for (const ResourceArn of [
    "arn:aws:mobiletargeting:us-east-1:111122223333:apps/0123456789abcdef0123456789abcdef",
    pushApp.arn.replace(":us-east-1:", ":eu-central-1:"),
  ]) {
    const { EndpointId } = await t.identity.send(register({ AppInstanceUserArn: app.users.bob, ResourceArn }));
    const { AppInstanceUserEndpoint } = await t.identity.send(
      new DescribeAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.bob, EndpointId }),
    );
    expect(AppInstanceUserEndpoint?.EndpointState).toEqual({
      Status: "INACTIVE",
      StatusReason: "INVALID_PINPOINT_ARN",
    });
  }
});

test("a retry with the same ClientRequestToken registers once; other parameters with it are a ConflictException", async () => {
  const app = await createApp(t.identity, ["carol"]);
  const first = await t.identity.send(
    register({ AppInstanceUserArn: app.users.carol, ClientRequestToken: "same-token" }),
  );
  const again = await t.identity.send(
    register({ AppInstanceUserArn: app.users.carol, ClientRequestToken: "same-token" }),
  );
  expect(again.EndpointId).toBe(first.EndpointId);
  await expect(
    t.identity.send(register({ AppInstanceUserArn: app.users.carol, ClientRequestToken: "same-token", Type: "GCM" })),
  ).rejects.toBeInstanceOf(ConflictException);
});

test("a VoIP token on a GCM endpoint is a BadRequestException", async () => {
  const app = await createApp(t.identity, ["dan"]);
  await expect(
    t.identity.send(
      register({
        AppInstanceUserArn: app.users.dan,
        Type: "GCM",
        EndpointAttributes: { DeviceToken: "fcm", VoipDeviceToken: "voip" },
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("endpoints per user are limited (endpointsPerUser): the one over is a ResourceLimitExceededException", async () => {
  const app = await createApp(t.identity, ["erin"]);
  await t.identity.send(register({ AppInstanceUserArn: app.users.erin }));
  await t.identity.send(register({ AppInstanceUserArn: app.users.erin }));
  await expect(t.identity.send(register({ AppInstanceUserArn: app.users.erin }))).rejects.toBeInstanceOf(
    ResourceLimitExceededException,
  );
});

test("an unknown user is a ForbiddenException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(register({ AppInstanceUserArn: `${app.appInstanceArn}/user/ghost` })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("IAM: the action on the user's ARN (else AccessDenied), then mobiletargeting:GetApp on the push app (else Forbidden)", async () => {
  const app = await createApp(t.identity, ["frank"]);
  const server = new ChimeSDKIdentityClient(clientConfig(t.endpoint.url, t.credentials.server));
  try {
    await t.usePoliciesFor(app.appInstanceArn);
    // No push app for the roles yet: the server role has no endpoint permission at all.
    await expect(server.send(register({ AppInstanceUserArn: app.users.frank }))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    t.endpoint.account.setPushAppArn(pushApp.arn);
    const { EndpointId } = await server.send(register({ AppInstanceUserArn: app.users.frank }));
    expect(EndpointId).toBeDefined();
    // Another app: chime:RegisterAppInstanceUserEndpoint passes, GetApp does not, as the guide says (403).
    const other = await createPushApp(
      { port: t.endpoint.port, developerKey: t.credentials.developer },
      ["GCM"],
      "other",
    );
    const refused = server.send(register({ AppInstanceUserArn: app.users.frank, ResourceArn: other }));
    await expect(refused).rejects.toBeInstanceOf(ForbiddenException);
    await expect(refused).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  } finally {
    server.destroy();
  }
});
