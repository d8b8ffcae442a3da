import {
  DescribeAppInstanceUserEndpointCommand,
  ForbiddenException,
  UpdateAppInstanceUserEndpointCommand,
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

test("changes the name and AllowMessages; a member left out keeps its value; the tokens stay", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushAppArn, { type: "APNS", token: "tok" });
  const key = { AppInstanceUserArn: app.users.alice, EndpointId };
  const result = await t.identity.send(new UpdateAppInstanceUserEndpointCommand({ ...key, Name: "Phone" }));
  expect(result).toMatchObject(key);
  await t.identity.send(new UpdateAppInstanceUserEndpointCommand({ ...key, AllowMessages: "NONE" }));
  const { AppInstanceUserEndpoint } = await t.identity.send(new DescribeAppInstanceUserEndpointCommand(key));
  expect(AppInstanceUserEndpoint).toMatchObject({
    Name: "Phone",
    AllowMessages: "NONE",
    EndpointAttributes: { DeviceToken: "tok" },
    EndpointState: { Status: "ACTIVE" },
  });
  expect(AppInstanceUserEndpoint?.LastUpdatedTimestamp?.getTime()).toBeGreaterThanOrEqual(
    AppInstanceUserEndpoint?.CreatedTimestamp?.getTime() ?? 0,
  );
});

test("another user's endpoint is a ForbiddenException", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushAppArn);
  await expect(
    t.identity.send(
      new UpdateAppInstanceUserEndpointCommand({
        AppInstanceUserArn: app.users.bob,
        EndpointId,
        AllowMessages: "NONE",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
