import {
  BadRequestException,
  ConflictException,
  CreateChannelBanCommand,
  CreateChannelModeratorCommand,
  DescribeChannelModeratorCommand,
  ForbiddenException,
  UpdateChannelCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "carol", "outsider", "admin"], { admins: ["admin"] });
const other = useTestApp(t, ["stranger"]);

const promoteArn = (channelArn: string, bearer: string, arn: string) =>
  t.messaging.send(
    new CreateChannelModeratorCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      ChannelModeratorArn: arn,
    }),
  );
const promote = (channelArn: string, bearer: string, user: string) => promoteArn(channelArn, bearer, app.users[user]);
const describeModerator = (channelArn: string, user: string) =>
  t.messaging.send(
    new DescribeChannelModeratorCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.owner,
      ChannelModeratorArn: app.users[user],
    }),
  );

test("a moderator promotes a user (201) who can then manage the channel", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const result = await promote(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toMatchObject({ ChannelArn: channel, ChannelModerator: { Arn: app.users.alice, Name: "alice" } });
  // alice is not a member, yet as a moderator she manages the channel.
  const update = await t.messaging.send(
    new UpdateChannelCommand({ ChannelArn: channel, ChimeBearer: app.users.alice, Name: "renamed" }),
  );
  expect(update.$metadata.httpStatusCode).toBe(200);
  await expect(promote(channel, "alice", "bob")).resolves.toMatchObject({
    ChannelArn: channel,
    ChannelModerator: { Arn: app.users.bob, Name: "bob" },
  });
});

test("promoting a moderator again succeeds and keeps who promoted them", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice"] });
  await expect(promote(channel, "alice", "alice")).resolves.toMatchObject({ $metadata: { httpStatusCode: 201 } });
  const { ChannelModerator } = await describeModerator(channel, "alice");
  expect(ChannelModerator?.CreatedBy?.Arn).toBe(app.users.owner);
});

test("members and outsiders cannot promote; an admin who is not a member can", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  await expect(promote(channel, "alice", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(promote(channel, "outsider", "carol")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(promote(channel, "admin", "carol")).resolves.toMatchObject({
    ChannelArn: channel,
    ChannelModerator: { Arn: app.users.carol, Name: "carol" },
  });
  expect((await describeModerator(channel, "carol")).ChannelModerator?.CreatedBy?.Arn).toBe(app.users.admin);
  const { ChannelModerator } = await describeModerator(channel, "carol");
  expect(ChannelModerator?.CreatedBy?.Arn).toBe(app.users.admin);
});

test("a banned user cannot be promoted (Conflict)", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
  );
  await expect(promote(channel, "owner", "bob")).rejects.toBeInstanceOf(ConflictException);
});

test("the moderator must be a user of the app instance; bad input and a missing channel", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(promoteArn(channel, "owner", `${app.appInstanceArn}/user/ghost`)).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await expect(promoteArn(channel, "owner", other.users.stranger)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(promoteArn(channel, "owner", "not-an-arn")).rejects.toBeInstanceOf(BadRequestException);
  // NotFoundException is not modeled for CreateChannelModerator.
  await expect(promote(`${app.appInstanceArn}/channel/missing`, "owner", "alice")).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
