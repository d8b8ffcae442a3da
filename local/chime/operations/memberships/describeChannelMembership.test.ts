import {
  BadRequestException,
  DescribeChannelMembershipCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel } from "../../../../test/support/channels";
import { ManualClock, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const clock = new ManualClock();
const t = useTestEndpoint({ clock });
const app = useTestApp(t, ["owner", "alice", "bob", "outsider", "admin"], { admins: ["admin"] });

const describeMembership = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new DescribeChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );
const add = (channelArn: string, member: string, type: "DEFAULT" | "HIDDEN") =>
  addMember(t.messaging, channelArn, app.users.owner, app.users[member], type);

test("describes a membership with who invited whom and when", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const now = clock.setAfterStart(60_000);
  await add(channel, "alice", "DEFAULT");
  const result = await describeMembership(channel, "alice", "alice");
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelMembership).toEqual({
    ChannelArn: channel,
    Type: "DEFAULT",
    Member: { Arn: app.users.alice, Name: "alice" },
    InvitedBy: { Arn: app.users.owner, Name: "owner" },
    CreatedTimestamp: now,
    LastUpdatedTimestamp: now,
  });
});

test("a HIDDEN membership is described with its type", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await add(channel, "bob", "HIDDEN");
  const { ChannelMembership } = await describeMembership(channel, "owner", "bob");
  expect(ChannelMembership?.Type).toBe("HIDDEN");
});

test("outsiders read PUBLIC channels only; admins read all", async () => {
  const pub = await createChannel(t.messaging, app, { owner: "owner" });
  const priv = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE", members: ["alice"] });
  const membershipOf = (channelArn: string, user: string) => ({
    ChannelMembership: { ChannelArn: channelArn, Member: { Arn: app.users[user], Name: user }, Type: "DEFAULT" },
  });
  await expect(describeMembership(pub, "outsider", "owner")).resolves.toMatchObject(membershipOf(pub, "owner"));
  await expect(describeMembership(priv, "outsider", "owner")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(describeMembership(priv, "alice", "owner")).resolves.toMatchObject(membershipOf(priv, "owner"));
  await expect(describeMembership(priv, "admin", "alice")).resolves.toMatchObject(membershipOf(priv, "alice"));
});

test("a missing membership or channel is NotFound; SubChannelId is refused", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(describeMembership(channel, "owner", "alice")).rejects.toBeInstanceOf(NotFoundException);
  await expect(describeMembership(`${app.appInstanceArn}/channel/missing`, "owner", "owner")).rejects.toBeInstanceOf(
    NotFoundException,
  );
  await expect(
    t.messaging.send(
      new DescribeChannelMembershipCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        MemberArn: app.users.owner,
        SubChannelId: "s1",
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
