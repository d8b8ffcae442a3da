import {
  BadRequestException,
  CreateChannelBanCommand,
  CreateChannelMembershipCommand,
  DescribeChannelBanCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "mod", "admin", "outsider"], { admins: ["admin"] });
const other = useTestApp(t, ["stranger"]);

const banArn = (channelArn: string, bearer: string, arn: string) =>
  t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channelArn, ChimeBearer: app.users[bearer], MemberArn: arn }),
  );
const ban = (channelArn: string, bearer: string, member: string) => banArn(channelArn, bearer, app.users[member]);
const members = async (channelArn: string, type: "DEFAULT" | "HIDDEN" = "DEFAULT") =>
  (
    await t.messaging.send(
      new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner, Type: type }),
    )
  ).ChannelMemberships?.map((m) => m.Member?.Name);

test("a ban (201) kicks the member at once; they can neither send nor rejoin", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const result = await ban(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toEqual(
    expect.objectContaining({ ChannelArn: channel, Member: { Arn: app.users.alice, Name: "alice" } }),
  );
  expect(await members(channel)).toEqual(["owner"]);
  await expect(sendMessage(t.messaging, channel, app.users.alice, "let me back")).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await expect(
    t.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.alice,
        MemberArn: app.users.alice,
        Type: "DEFAULT",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  expect(await members(channel)).toEqual(["owner"]);
});

test("a hidden member is kicked too, and a non-member can be banned in advance", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await addMember(t.messaging, channel, app.users.owner, app.users.alice, "HIDDEN");
  await ban(channel, "owner", "alice");
  expect(await members(channel, "HIDDEN")).toEqual([]);
  const bobBanned = { ChannelArn: channel, Member: { Arn: app.users.bob, Name: "bob" } };
  await expect(ban(channel, "owner", "bob")).resolves.toMatchObject(bobBanned);
  // Banning again succeeds and keeps the first ban.
  await expect(ban(channel, "admin", "bob")).resolves.toMatchObject(bobBanned);
  const { ChannelBan } = await t.messaging.send(
    new DescribeChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
  );
  expect(ChannelBan?.CreatedBy?.Arn).toBe(app.users.owner);
});

test("admins and moderators cannot be banned; members and outsiders cannot ban", async () => {
  const channel = await createChannel(t.messaging, app, {
    owner: "owner",
    members: ["alice", "bob"],
    moderators: ["mod"],
  });
  await expect(ban(channel, "owner", "admin")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(ban(channel, "mod", "owner")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(ban(channel, "admin", "mod")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(ban(channel, "alice", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(ban(channel, "outsider", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  expect((await members(channel))?.sort()).toEqual(["alice", "bob", "owner"]);
  // A moderator and an admin who is not a member may ban.
  await ban(channel, "mod", "alice");
  await ban(channel, "admin", "bob");
  expect(await members(channel)).toEqual(["owner"]);
});

test("the banned user must be a user of the app instance; bad input and a missing channel", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(banArn(channel, "owner", `${app.appInstanceArn}/user/ghost`)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(banArn(channel, "owner", other.users.stranger)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(banArn(channel, "owner", "x")).rejects.toBeInstanceOf(BadRequestException);
  // NotFoundException is not modeled for CreateChannelBan.
  await expect(ban(`${app.appInstanceArn}/channel/missing`, "owner", "alice")).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
