import {
  BadRequestException,
  CreateAppInstanceUserCommand,
  DeleteAppInstanceUserCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
  ListAppInstanceAdminsCommand,
  ListAppInstanceUsersCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  CreateChannelBanCommand,
  ListChannelBansCommand,
  ListChannelMembershipsCommand,
  ListChannelMessagesCommand,
  ListChannelModeratorsCommand,
  UnauthorizedClientException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs, sendMessage } from "../../../../test/support/channels";
import { createApp, makeAdmin, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("deleting a user removes their memberships, moderator and admin roles, bans and tags", async () => {
  const app = await createApp(t.identity, ["alice", "bob", "mallory"]);
  await makeAdmin(t.identity, app, "bob");
  const channelArn = await createChannelAs(t.messaging, app, "alice", {
    Name: "c",
    MemberArns: [app.users.bob],
    ModeratorArns: [app.users.bob],
  });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channelArn, MemberArn: app.users.mallory, ChimeBearer: app.users.alice }),
  );
  const tagged = (
    await t.identity.send(
      new CreateAppInstanceUserCommand({
        AppInstanceArn: app.appInstanceArn,
        AppInstanceUserId: "tagged",
        Name: "tagged",
        Tags: [{ Key: "k", Value: "v" }],
      }),
    )
  ).AppInstanceUserArn as string;

  for (const arn of [app.users.bob, app.users.mallory, tagged]) {
    const result = await t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: arn }));
    expect(result.$metadata.httpStatusCode).toBe(204);
  }

  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const users = await t.identity.send(new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(users.AppInstanceUsers?.map((u) => u.AppInstanceUserArn)).toEqual([app.users.alice]);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(admins.AppInstanceAdmins).toEqual([]);
  const bearer = { ChannelArn: channelArn, ChimeBearer: app.users.alice };
  const members = await t.messaging.send(new ListChannelMembershipsCommand(bearer));
  expect(members.ChannelMemberships?.map((m) => m.Member?.Arn)).toEqual([app.users.alice]);
  const moderators = await t.messaging.send(new ListChannelModeratorsCommand(bearer));
  expect(moderators.ChannelModerators?.map((m) => m.Moderator?.Arn)).toEqual([app.users.alice]);
  const bans = await t.messaging.send(new ListChannelBansCommand(bearer));
  expect(bans.ChannelBans).toEqual([]);
  // Tag operations are not emulated yet, so the removal of tags is checked in the store.
  expect(t.endpoint.services.store.listTags(tagged)).toEqual([]);
});

test("a deleted user's messages stay in history under their ARN, and the user can no longer act", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const channelArn = await createChannelAs(t.messaging, app, "alice", {
    Name: "c",
    MemberArns: [app.users.bob],
  });
  const send = () => sendMessage(t.messaging, channelArn, app.users.bob, "bye");
  await send();
  await t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob }));
  const messages = await t.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
  );
  expect(messages.ChannelMessages?.[0]).toMatchObject({ Content: "bye", Sender: { Arn: app.users.bob } });
  await expect(send()).rejects.toBeInstanceOf(UnauthorizedClientException);
});

test("the id can be used again and starts with nothing of the deleted user", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  await makeAdmin(t.identity, app, "bob");
  await t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob }));
  const again = await t.identity.send(
    new CreateAppInstanceUserCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceUserId: "bob", Name: "Bob 2" }),
  );
  expect(again.AppInstanceUserArn).toBe(app.users.bob);
  const admins = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(admins.AppInstanceAdmins).toEqual([]);
});

test("deleting a user twice, or one that never existed, is a ForbiddenException", async () => {
  const app = await createApp(t.identity, ["gone"]);
  await t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: app.users.gone }));
  await expect(
    t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: app.users.gone })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: `${app.appInstanceArn}/user/never` })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an AppInstanceUserArn that is not an ARN is a BadRequestException", async () => {
  await expect(t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: "x" }))).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
