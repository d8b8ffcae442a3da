import {
  DeregisterAppInstanceUserEndpointCommand,
  DescribeAppInstanceUserEndpointCommand,
  ForbiddenException,
  ListAppInstanceUserEndpointsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";
import { createPushApp, registerDevice } from "../../../../test/support/push";

let t: TestEndpoint;
let pushAppArn: string;
beforeAll(async () => {
  t = await startTestEndpoint();
  pushAppArn = await createPushApp({ port: t.endpoint.port, developerKey: t.credentials.developer });
});
afterAll(() => t.close());

test("removes the endpoint (204); again, or for another user, it changes nothing", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushAppArn);
  const kept = await registerDevice(t.identity, app.users.alice, pushAppArn);
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
