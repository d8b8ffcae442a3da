import { DescribeAppInstanceAdminCommand, ForbiddenException } from "@aws-sdk/client-chime-sdk-identity";
import { createApp, makeAdmin, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("describes an admin, and a non-admin is a ForbiddenException", async () => {
  const app = await createApp(t.identity, ["worker", "alice"]);
  await makeAdmin(t.identity, app, "worker");
  const { AppInstanceAdmin } = await t.identity.send(
    new DescribeAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.worker }),
  );
  expect(AppInstanceAdmin).toMatchObject({
    Admin: { Arn: app.users.worker, Name: "worker" },
    AppInstanceArn: app.appInstanceArn,
  });
  expect(AppInstanceAdmin?.CreatedTimestamp).toBeInstanceOf(Date);
  await expect(
    t.identity.send(
      new DescribeAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.alice }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
