import {
  BadRequestException,
  DeleteChannelMembershipCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
  ListChannelModeratorsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "carol", "mod", "admin"], { admins: ["admin"] });

const remove = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new DeleteChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );
const members = async (channelArn: string, type: "DEFAULT" | "HIDDEN" = "DEFAULT") =>
  (
    await t.messaging.send(
      new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner, Type: type }),
    )
  ).ChannelMemberships?.map((m) => m.Member?.Name);

test("a member may leave but not remove others; a moderator removes anyone (204)", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await expect(remove(channel, "alice", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  const left = await remove(channel, "alice", "alice");
  expect(left.$metadata.httpStatusCode).toBe(204);
  const removed = await remove(channel, "owner", "bob");
  expect(removed.$metadata.httpStatusCode).toBe(204);
  expect(await members(channel)).toEqual(["owner"]);
});

test("non-members remove nobody; an admin who is not a member removes anyone", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await expect(remove(channel, "carol", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(remove(channel, "carol", "carol")).rejects.toBeInstanceOf(ForbiddenException);
  await remove(channel, "admin", "alice");
  expect((await members(channel))?.sort()).toEqual(["bob", "owner"]);
});

test("a hidden member may leave; a moderator who leaves stays a moderator", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["mod"], moderators: ["mod"] });
  await addMember(t.messaging, channel, app.users.owner, app.users.alice, "HIDDEN");
  await remove(channel, "alice", "alice");
  expect(await members(channel, "HIDDEN")).toEqual([]);
  await remove(channel, "mod", "mod");
  expect(await members(channel)).toEqual(["owner"]);
  const { ChannelModerators } = await t.messaging.send(
    new ListChannelModeratorsCommand({ ChannelArn: channel, ChimeBearer: app.users.mod }),
  );
  expect(ChannelModerators?.map((m) => m.Moderator?.Name).sort()).toEqual(["mod", "owner"]);
});

test("removing someone who is not a member is a 204 that changes nothing", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const result = await remove(channel, "owner", "bob");
  expect(result.$metadata.httpStatusCode).toBe(204);
  expect(await members(channel)).toEqual(["owner"]);
});

test("a missing channel is Forbidden (NotFound is not modeled); SubChannelId is refused", async () => {
  await expect(remove(`${app.appInstanceArn}/channel/missing`, "owner", "owner")).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  await expect(
    t.messaging.send(
      new DeleteChannelMembershipCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        MemberArn: app.users.alice,
        SubChannelId: "s1",
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
  expect((await members(channel))?.sort()).toEqual(["alice", "owner"]);
});
