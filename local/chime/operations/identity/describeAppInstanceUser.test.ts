import {
  BadRequestException,
  CreateAppInstanceUserCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("describes a user with every member of AppInstanceUser", async () => {
  const app = await createApp(t.identity, []);
  const ExpirationSettings = { ExpirationDays: 7, ExpirationCriterion: "CREATED_TIMESTAMP" as const };
  const before = Date.now();
  const { AppInstanceUserArn } = await t.identity.send(
    new CreateAppInstanceUserCommand({
      AppInstanceArn: app.appInstanceArn,
      AppInstanceUserId: "alice",
      Name: "Alice",
      Metadata: '{"role":"agent"}',
      ExpirationSettings,
    }),
  );
  const after = Date.now();
  const result = await t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn }));
  expect(result.$metadata.httpStatusCode).toBe(200);
  const { CreatedTimestamp, LastUpdatedTimestamp, ...rest } = result.AppInstanceUser ?? {};
  expect(rest).toEqual({ AppInstanceUserArn, Name: "Alice", Metadata: '{"role":"agent"}', ExpirationSettings });
  expect(CreatedTimestamp?.getTime()).toBeGreaterThanOrEqual(before);
  expect(CreatedTimestamp?.getTime()).toBeLessThanOrEqual(after);
  expect(LastUpdatedTimestamp).toEqual(CreatedTimestamp);
});

test("a user created without metadata or expiration has neither", async () => {
  const app = await createApp(t.identity, ["bob"]);
  const { AppInstanceUser } = await t.identity.send(
    new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob }),
  );
  expect(AppInstanceUser?.Name).toBe("bob");
  expect(AppInstanceUser?.Metadata).toBeUndefined();
  expect(AppInstanceUser?.ExpirationSettings).toBeUndefined();
});

test("an unknown user, or one of an unknown app instance, is a ForbiddenException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: `${app.appInstanceArn}/user/ghost` })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(
      new DescribeAppInstanceUserCommand({
        AppInstanceUserArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none/user/ghost",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an AppInstanceUserArn that is not an ARN is a BadRequestException", async () => {
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: "alice" })),
  ).rejects.toBeInstanceOf(BadRequestException);
});
