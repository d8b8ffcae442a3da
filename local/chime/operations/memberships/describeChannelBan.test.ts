import {
  CreateChannelBanCommand,
  DescribeChannelBanCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "member", "outsider", "mod", "admin"], { admins: ["admin"] });

const describeBan = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new DescribeChannelBanCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );

test("describes a ban; a user who is not banned is NotFound", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const before = Date.now();
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.alice }),
  );
  const result = await describeBan(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelBan).toMatchObject({
    ChannelArn: channel,
    Member: { Arn: app.users.alice, Name: "alice" },
    CreatedBy: { Arn: app.users.owner, Name: "owner" },
  });
  const created = result.ChannelBan?.CreatedTimestamp?.getTime() ?? 0;
  expect(created).toBeGreaterThanOrEqual(before - 1000);
  expect(created).toBeLessThanOrEqual(Date.now() + 1000);
  await expect(describeBan(channel, "owner", "bob")).rejects.toBeInstanceOf(NotFoundException);
  await expect(describeBan(`${app.appInstanceArn}/channel/missing`, "owner", "alice")).rejects.toBeInstanceOf(
    NotFoundException,
  );
});

test("moderators and admins may ask; members and outsiders may not", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["member"], moderators: ["mod"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
  );
  const bobsBan = { ChannelBan: { ChannelArn: channel, Member: { Arn: app.users.bob, Name: "bob" } } };
  await expect(describeBan(channel, "mod", "bob")).resolves.toMatchObject(bobsBan);
  await expect(describeBan(channel, "admin", "bob")).resolves.toMatchObject(bobsBan);
  await expect(describeBan(channel, "member", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(describeBan(channel, "outsider", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(describeBan(channel, "bob", "bob")).rejects.toBeInstanceOf(ForbiddenException);
});
