import {
  BadRequestException,
  DescribeAppInstanceAdminCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, makeAdmin, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("describes an admin with Admin identity, app instance and promotion time", async () => {
  const app = await createApp(t.identity, ["worker"]);
  const before = Date.now();
  await makeAdmin(t.identity, app, "worker");
  const after = Date.now();
  const result = await t.identity.send(
    new DescribeAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.worker }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
  const { CreatedTimestamp, ...rest } = result.AppInstanceAdmin ?? {};
  expect(rest).toEqual({ Admin: { Arn: app.users.worker, Name: "worker" }, AppInstanceArn: app.appInstanceArn });
  expect(CreatedTimestamp?.getTime()).toBeGreaterThanOrEqual(before);
  expect(CreatedTimestamp?.getTime()).toBeLessThanOrEqual(after);
});

test("a user who is not an admin, an admin asked of another app instance, or an unknown app instance is a ForbiddenException", async () => {
  const app = await createApp(t.identity, ["worker", "alice"]);
  const other = await createApp(t.identity, []);
  await makeAdmin(t.identity, app, "worker");
  for (const input of [
    { AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.alice },
    { AppInstanceArn: other.appInstanceArn, AppInstanceAdminArn: app.users.worker },
    { AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none", AppInstanceAdminArn: app.users.worker },
  ]) {
    await expect(t.identity.send(new DescribeAppInstanceAdminCommand(input))).rejects.toBeInstanceOf(
      ForbiddenException,
    );
  }
});

test("an AppInstanceAdminArn that is not an ARN is a BadRequestException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(
      new DescribeAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: "x" }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
