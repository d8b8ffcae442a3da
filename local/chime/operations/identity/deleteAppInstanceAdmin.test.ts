import {
  BadRequestException,
  DeleteAppInstanceAdminCommand,
  DescribeAppInstanceAdminCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
  ListAppInstanceAdminsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  CreateChannelCommand,
  DeleteChannelCommand,
  ForbiddenException as MessagingForbiddenException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, makeAdmin, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("a demoted admin loses admin rights at once and stays a user", async () => {
  const app = await createApp(t.identity, ["owner", "worker", "other"]);
  await makeAdmin(t.identity, app, "worker");
  await makeAdmin(t.identity, app, "other");
  const channel = () =>
    t.messaging.send(
      new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "c", ChimeBearer: app.users.owner }),
    );
  const first = await channel();
  await t.messaging.send(new DeleteChannelCommand({ ChannelArn: first.ChannelArn, ChimeBearer: app.users.worker }));

  const input = { AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.worker };
  const result = await t.identity.send(new DeleteAppInstanceAdminCommand(input));
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(t.identity.send(new DescribeAppInstanceAdminCommand(input))).rejects.toBeInstanceOf(ForbiddenException);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(admins.AppInstanceAdmins).toEqual([{ Admin: { Arn: app.users.other, Name: "other" } }]);
  const second = await channel();
  await expect(
    t.messaging.send(new DeleteChannelCommand({ ChannelArn: second.ChannelArn, ChimeBearer: app.users.worker })),
  ).rejects.toBeInstanceOf(MessagingForbiddenException);
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.worker })),
  ).resolves.toMatchObject({ AppInstanceUser: { Name: "worker" } });
});

test("demoting a user who is not an admin is a 204 that changes nothing", async () => {
  const app = await createApp(t.identity, ["admin", "plain"]);
  await makeAdmin(t.identity, app, "admin");
  const result = await t.identity.send(
    new DeleteAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.plain }),
  );
  expect(result.$metadata.httpStatusCode).toBe(204);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(admins.AppInstanceAdmins?.map((a) => a.Admin?.Arn)).toEqual([app.users.admin]);
});

test("an admin of one app instance is not demoted through another", async () => {
  const one = await createApp(t.identity, ["boss"]);
  const other = await createApp(t.identity, []);
  await makeAdmin(t.identity, one, "boss");
  await t.identity.send(
    new DeleteAppInstanceAdminCommand({ AppInstanceArn: other.appInstanceArn, AppInstanceAdminArn: one.users.boss }),
  );
  await expect(
    t.identity.send(
      new DescribeAppInstanceAdminCommand({ AppInstanceArn: one.appInstanceArn, AppInstanceAdminArn: one.users.boss }),
    ),
  ).resolves.toMatchObject({
    AppInstanceAdmin: { Admin: { Arn: one.users.boss, Name: "boss" }, AppInstanceArn: one.appInstanceArn },
  });
});

test("an app instance that does not exist is a ForbiddenException; a non-ARN admin is a BadRequestException", async () => {
  const app = await createApp(t.identity, ["a"]);
  await expect(
    t.identity.send(
      new DeleteAppInstanceAdminCommand({
        AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none",
        AppInstanceAdminArn: app.users.a,
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(
      new DeleteAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: "a" }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
