import { DescribeAppInstanceUserEndpointCommand, ForbiddenException } from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { registerDevice, useTestPushApp } from "../../../../test/support/push";

const t = useTestEndpoint();
const pushApp = useTestPushApp(t);

test("describes a GCM endpoint: no name and no VoIP token when none were given", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushApp.arn, { type: "GCM", token: "fcm-1" });
  const { AppInstanceUserEndpoint } = await t.identity.send(
    new DescribeAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.alice, EndpointId }),
  );
  expect(AppInstanceUserEndpoint).toMatchObject({
    EndpointId,
    Type: "GCM",
    EndpointAttributes: { DeviceToken: "fcm-1" },
    EndpointState: { Status: "ACTIVE" },
  });
  expect(AppInstanceUserEndpoint?.Name).toBeUndefined();
  expect(AppInstanceUserEndpoint?.EndpointAttributes?.VoipDeviceToken).toBeUndefined();
});

test("another user's endpoint, an unknown one, or a user that is no ARN (the model only bounds its length here) is a ForbiddenException", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushApp.arn);
  await expect(
    t.identity.send(new DescribeAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.bob, EndpointId })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(
      new DescribeAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users.alice,
        EndpointId: "no-such-endpoint",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(new DescribeAppInstanceUserEndpointCommand({ AppInstanceUserArn: "alice", EndpointId })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
