import { DeleteAppInstanceAdminCommand, ListAppInstanceAdminsCommand } from "@aws-sdk/client-chime-sdk-identity";
import { CreateChannelCommand, DeleteChannelCommand, ForbiddenException } from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, makeAdmin, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("a demoted admin loses admin rights at once", async () => {
  const app = await createApp(t.identity, ["owner", "worker"]);
  await makeAdmin(t.identity, app, "worker");
  const channel = () =>
    t.messaging.send(
      new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "c", ChimeBearer: app.users.owner }),
    );
  const first = await channel();
  await t.messaging.send(new DeleteChannelCommand({ ChannelArn: first.ChannelArn, ChimeBearer: app.users.worker }));

  const result = await t.identity.send(
    new DeleteAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.worker }),
  );
  expect(result.$metadata.httpStatusCode).toBe(204);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(admins.AppInstanceAdmins).toEqual([]);
  const second = await channel();
  await expect(
    t.messaging.send(new DeleteChannelCommand({ ChannelArn: second.ChannelArn, ChimeBearer: app.users.worker })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
