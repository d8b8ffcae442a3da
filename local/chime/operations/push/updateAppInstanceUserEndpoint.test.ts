import {
  DescribeAppInstanceUserEndpointCommand,
  ForbiddenException,
  UpdateAppInstanceUserEndpointCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { registerDevice, useTestPushApp } from "../../../../test/support/push";

const t = useTestEndpoint();
const pushApp = useTestPushApp(t);

test("changes the name and AllowMessages; a member left out keeps its value; the tokens stay", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushApp.arn, { type: "APNS", token: "tok" });
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
  const EndpointId = await registerDevice(t.identity, app.users.alice, pushApp.arn);
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
