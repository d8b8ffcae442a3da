import {
  BadRequestException,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DeleteAppInstanceCommand,
  DescribeAppInstanceAdminCommand,
  DescribeAppInstanceCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
  ListAppInstanceUsersCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { CreateChannelCommand, SendChannelMessageCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, makeAdmin, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

const tags = [{ Key: "team", Value: "chat" }];

test("deletes the app instance with its users, admins, channels and tags, and nothing else", async () => {
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: "doomed", Tags: tags }));
  const appInstanceArn = AppInstanceArn as string;
  const alice = (
    await t.identity.send(
      new CreateAppInstanceUserCommand({ AppInstanceArn, AppInstanceUserId: "alice", Name: "alice", Tags: tags }),
    )
  ).AppInstanceUserArn as string;
  await makeAdmin(t.identity, { appInstanceArn, users: { alice } }, "alice");
  const channels = await Promise.all(
    (["PUBLIC", "PRIVATE"] as const).map(async (Privacy) => {
      const { ChannelArn } = await t.messaging.send(
        new CreateChannelCommand({ AppInstanceArn, Name: Privacy, Privacy, ChimeBearer: alice, Tags: tags }),
      );
      await t.messaging.send(
        new SendChannelMessageCommand({
          ChannelArn,
          ChimeBearer: alice,
          Content: "hi",
          Type: "STANDARD",
          Persistence: "PERSISTENT",
        }),
      );
      return ChannelArn as string;
    }),
  );
  const survivor = await createApp(t.identity, ["alice"]);
  const store = t.endpoint.services.store;
  for (const arn of [appInstanceArn, alice, ...channels]) expect(store.listTags(arn)).toEqual(tags);

  const result = await t.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn }));
  expect(result.$metadata.httpStatusCode).toBe(204);

  await expect(t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }))).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: alice })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(new DescribeAppInstanceAdminCommand({ AppInstanceArn, AppInstanceAdminArn: alice })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(t.identity.send(new ListAppInstanceUsersCommand({ AppInstanceArn }))).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  // Tag operations are not emulated yet, so the removal of tags is checked in the store.
  for (const arn of [appInstanceArn, alice, ...channels]) expect(store.listTags(arn)).toEqual([]);
  for (const arn of channels) expect(store.getChannel(arn)).toBeUndefined();

  const other = await t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: survivor.users.alice }));
  expect(other.AppInstanceUser?.Name).toBe("alice");
});

test("deleting it again, or an app instance that never existed, is a ForbiddenException", async () => {
  const app = await createApp(t.identity, []);
  await t.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: app.appInstanceArn }));
  await expect(
    t.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: app.appInstanceArn })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(
      new DeleteAppInstanceCommand({ AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an AppInstanceArn that is not an ARN is a BadRequestException", async () => {
  await expect(t.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: "nope" }))).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
