import {
  DeregisterAppInstanceUserEndpointCommand,
  DescribeAppInstanceUserEndpointCommand,
  ForbiddenException,
  ListAppInstanceUserEndpointsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { registerDevice, useTestPushApp } from "../../../../test/support/push";

const t = useTestEndpoint();
const pushApp = useTestPushApp(t);

test("removes the endpoint (204); again, or for another user, it changes nothing", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushApp.arn);
  const kept = await registerDevice(t.identity, app.users.alice, pushApp.arn);
  // Bob's ARN with Alice's endpoint: nothing of Alice's goes.
  await t.identity.send(
    new DeregisterAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.bob, EndpointId }),
  );
  await expect(
    t.identity.send(new DescribeAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.alice, EndpointId })),
  ).resolves.toMatchObject({ AppInstanceUserEndpoint: { EndpointId } });
  const result = await t.identity.send(
    new DeregisterAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.alice, EndpointId }),
  );
  expect(result.$metadata.httpStatusCode).toBe(204);
  await t.identity.send(
    new DeregisterAppInstanceUserEndpointCommand({ AppInstanceUserArn: app.users.alice, EndpointId }),
  );
  const { AppInstanceUserEndpoints } = await t.identity.send(
    new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: app.users.alice }),
  );
  expect(AppInstanceUserEndpoints?.map((endpoint) => endpoint.EndpointId)).toEqual([kept]);
});

test("an unknown user is a ForbiddenException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(
      new DeregisterAppInstanceUserEndpointCommand({
        AppInstanceUserArn: `${app.appInstanceArn}/user/x`,
        EndpointId: "e",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
