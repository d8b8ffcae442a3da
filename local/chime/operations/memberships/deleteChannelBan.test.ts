import {
  CreateChannelBanCommand,
  DeleteChannelBanCommand,
  DescribeChannelBanCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "member", "outsider", "admin"], { admins: ["admin"] });

const unban = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new DeleteChannelBanCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );
const ban = (channelArn: string, member: string) =>
  t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner, MemberArn: app.users[member] }),
  );
const members = async (channelArn: string) =>
  (
    await t.messaging.send(new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner }))
  ).ChannelMemberships?.map((m) => m.Member?.Name);

test("lifting a ban (204) does not restore the membership, but the user can be added again", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  await ban(channel, "alice");
  const result = await unban(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.messaging.send(
      new DescribeChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.alice }),
    ),
  ).rejects.toBeInstanceOf(NotFoundException);
  expect(await members(channel)).toEqual(["owner"]);
  await addMember(t.messaging, channel, app.users.alice, app.users.alice, "DEFAULT");
  expect((await members(channel))?.sort()).toEqual(["alice", "owner"]);
});

test("members and outsiders cannot lift a ban; an admin can; a missing ban is a 204 no-op", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["member"] });
  await ban(channel, "alice");
  await expect(unban(channel, "member", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(unban(channel, "outsider", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(unban(channel, "alice", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(unban(channel, "admin", "alice")).resolves.toMatchObject({ $metadata: { httpStatusCode: 204 } });
  await expect(unban(channel, "owner", "bob")).resolves.toMatchObject({ $metadata: { httpStatusCode: 204 } });
  await expect(unban(`${app.appInstanceArn}/channel/missing`, "owner", "bob")).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
