import {
  DeleteChannelCommand,
  DescribeChannelCommand,
  ForbiddenException,
  ListChannelMembershipsForAppInstanceUserCommand,
  ListChannelsCommand,
  ListChannelsModeratedByAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol", "dave"], { admins: ["carol"] });

async function createChannel(channelId: string): Promise<string> {
  return createChannelAs(t.messaging, app, "alice", {
    Name: channelId,
    ChannelId: channelId,
    MemberArns: [app.users.bob],
    Tags: [{ Key: "team", Value: "chat" }],
  });
}

const remove = (channelArn: string, bearer: string) =>
  t.messaging.send(new DeleteChannelCommand({ ChannelArn: channelArn, ChimeBearer: bearer }));

test("a moderator deletes the channel with status 204; it and its memberships and moderators are gone", async () => {
  const channelArn = await createChannel("doomed");
  const result = await remove(channelArn, app.users.alice);
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.carol })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const listed = await t.messaging.send(
    new ListChannelsCommand({ AppInstanceArn: app.appInstanceArn, ChimeBearer: app.users.alice }),
  );
  expect(listed.Channels?.map((c) => c.ChannelArn)).not.toContain(channelArn);
  const memberships = await t.messaging.send(
    new ListChannelMembershipsForAppInstanceUserCommand({ ChimeBearer: app.users.bob }),
  );
  expect(memberships.ChannelMemberships?.map((m) => m.ChannelSummary?.ChannelArn)).not.toContain(channelArn);
  const moderated = await t.messaging.send(
    new ListChannelsModeratedByAppInstanceUserCommand({ ChimeBearer: app.users.alice }),
  );
  expect(moderated.Channels?.map((c) => c.ChannelSummary?.ChannelArn)).not.toContain(channelArn);
});

test("deleting twice is forbidden the second time (NotFound is not modeled)", async () => {
  const channelArn = await createChannel("twice");
  await remove(channelArn, app.users.alice);
  await expect(remove(channelArn, app.users.alice)).rejects.toBeInstanceOf(ForbiddenException);
});

test("the ChannelId is free again after the delete", async () => {
  const channelArn = await createChannel("reused");
  await remove(channelArn, app.users.alice);
  expect(await createChannel("reused")).toBe(channelArn);
});

test("an admin may delete; members and non-members may not", async () => {
  const channelArn = await createChannel("guarded");
  await expect(remove(channelArn, app.users.bob)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(remove(channelArn, app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
  const describeAsBob = () =>
    t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.bob }));
  await expect(describeAsBob()).resolves.toMatchObject({ Channel: { ChannelArn: channelArn } });
  await expect(remove(channelArn, app.users.carol)).resolves.toMatchObject({ $metadata: { httpStatusCode: 204 } });
  await expect(describeAsBob()).rejects.toBeInstanceOf(ForbiddenException);
});
