import { CreateAppInstanceAdminCommand, ForbiddenException } from "@aws-sdk/client-chime-sdk-identity";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("promotes a user to AppInstanceAdmin with 201, and again without change", async () => {
  const app = await createApp(t.identity, ["worker"]);
  const input = { AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.worker };
  const result = await t.identity.send(new CreateAppInstanceAdminCommand(input));
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toMatchObject({
    AppInstanceArn: app.appInstanceArn,
    AppInstanceAdmin: { Arn: app.users.worker, Name: "worker" },
  });
  await expect(t.identity.send(new CreateAppInstanceAdminCommand(input))).resolves.toBeDefined();
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
});
