import {
  BadRequestException,
  CreateAppInstanceAdminCommand,
  DescribeAppInstanceAdminCommand,
  ForbiddenException,
  ListAppInstanceAdminsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("promotes a user to AppInstanceAdmin with 201, and again without change", async () => {
  const app = await createApp(t.identity, ["worker"]);
  const input = { AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.worker };
  const result = await t.identity.send(new CreateAppInstanceAdminCommand(input));
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.AppInstanceArn).toBe(app.appInstanceArn);
  expect(result.AppInstanceAdmin).toEqual({ Arn: app.users.worker, Name: "worker" });
  const first = await t.identity.send(new DescribeAppInstanceAdminCommand(input));

  const again = await t.identity.send(new CreateAppInstanceAdminCommand(input));
  expect(again.$metadata.httpStatusCode).toBe(201);
  const second = await t.identity.send(new DescribeAppInstanceAdminCommand(input));
  expect(second.AppInstanceAdmin?.CreatedTimestamp).toEqual(first.AppInstanceAdmin?.CreatedTimestamp);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(admins.AppInstanceAdmins).toEqual([{ Admin: { Arn: app.users.worker, Name: "worker" } }]);
});

test("a user of another app instance, or no user at all, cannot be promoted", async () => {
  const one = await createApp(t.identity, ["a"]);
  const other = await createApp(t.identity, ["b"]);
  await expect(
    t.identity.send(
      new CreateAppInstanceAdminCommand({ AppInstanceArn: one.appInstanceArn, AppInstanceAdminArn: other.users.b }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(
      new CreateAppInstanceAdminCommand({
        AppInstanceArn: one.appInstanceArn,
        AppInstanceAdminArn: `${one.appInstanceArn}/user/ghost`,
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: one.appInstanceArn }));
  expect(admins.AppInstanceAdmins).toEqual([]);
});

test("an app instance that does not exist is a ForbiddenException", async () => {
  const app = await createApp(t.identity, ["a"]);
  await expect(
    t.identity.send(
      new CreateAppInstanceAdminCommand({
        AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none",
        AppInstanceAdminArn: app.users.a,
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an AppInstanceAdminArn that is not an ARN is a BadRequestException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(
      new CreateAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: "a" }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
