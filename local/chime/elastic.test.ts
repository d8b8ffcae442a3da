/**
 * Elastic channels through the SDK over HTTP, with members' open sessions: members are placed by
 * balancing, a full set of sub-channels scales out (transferring members, who hear
 * UPDATE_CHANNEL_MEMBERSHIP), a sub-channel below its minimum scales in (its moderators hear
 * DELETE_CHANNEL_MEMBERSHIP with the reason subchannel_DELETED), and messages and their events stay
 * inside a sub-channel.
 */
import {
  BadRequestException,
  BatchCreateChannelMembershipCommand,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  CreateChannelModeratorCommand,
  DeleteChannelMembershipCommand,
  DescribeChannelMembershipCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
  ListChannelMembershipsForAppInstanceUserCommand,
  ListChannelMessagesCommand,
  ListSubChannelsCommand,
  ResourceLimitExceededException,
  SendChannelMessageCommand,
  UpdateChannelReadMarkerCommand,
  type ElasticChannelConfiguration,
} from "@aws-sdk/client-chime-sdk-messaging";
import { CreateAppInstanceUserCommand } from "@aws-sdk/client-chime-sdk-identity";
import { createChannelAs } from "../../test/support/channels";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../test/support/messagingSession";

let t: TestEndpoint;
let app: AppFixture;
const sessions: TestSession[] = [];

beforeAll(async () => {
  t = await startTestEndpoint();
  // User ids sort as m1 < m2 < ...: balancing transfers members in ARN order.
  app = await createApp(t.identity, ["owner", "mod", "m1", "m2", "m3", "m4", "m5"]);
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});
afterAll(() => t.close());

/** The elastic configuration most tests use: two sub-channels of two members. */
const twoSubChannelsOfTwo: ElasticChannelConfiguration = {
  MaximumSubChannels: 2,
  TargetMembershipsPerSubChannel: 2,
  MinimumMembershipPercentage: 40,
};

async function elasticChannel(configuration: ElasticChannelConfiguration): Promise<string> {
  return createChannelAs(t.messaging, app, "owner", {
    Name: "live event",
    ModeratorArns: [app.users.mod],
    ElasticChannelConfiguration: configuration,
  });
}

const join = (channelArn: string, user: string, subChannelId?: string) =>
  t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channelArn,
      MemberArn: app.users[user],
      Type: "DEFAULT",
      SubChannelId: subChannelId,
      ChimeBearer: app.users.owner,
    }),
  );

const subChannels = async (channelArn: string) =>
  (await t.messaging.send(new ListSubChannelsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner })))
    .SubChannels ?? [];

const send = (channelArn: string, user: string, subChannelId: string | undefined, content: string) =>
  t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      SubChannelId: subChannelId,
      ChimeBearer: app.users[user],
      Content: content,
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );

async function connect(user: string): Promise<TestSession> {
  const url = await presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users[user]);
  const session = await TestSession.open(url);
  sessions.push(session);
  await session.waitFor("SESSION_ESTABLISHED");
  return session;
}

test("members fill a sub-channel to its target, then the channel scales out and transfers members to the new one", async () => {
  // Target 3, minimum ceil(3 × 40%) = 2: the new sub-channel gets one transferred member and the newcomer.
  const channelArn = await elasticChannel({
    MaximumSubChannels: 3,
    TargetMembershipsPerSubChannel: 3,
    MinimumMembershipPercentage: 40,
  });
  const [first] = await subChannels(channelArn);
  expect(first).toEqual({ SubChannelId: expect.any(String) as string, MembershipCount: 0 });
  const m1 = await connect("m1");
  for (const user of ["m1", "m2", "m3"]) {
    expect((await join(channelArn, user)).SubChannelId).toBe(first.SubChannelId);
  }
  const fourth = await join(channelArn, "m4");
  expect(fourth.$metadata.httpStatusCode).toBe(201);
  const second = fourth.SubChannelId as string;
  expect(second).not.toBe(first.SubChannelId);
  expect(await subChannels(channelArn)).toEqual([
    { SubChannelId: first.SubChannelId, MembershipCount: 2 },
    { SubChannelId: second, MembershipCount: 2 },
  ]);
  // m1 (first in ARN order) was transferred, and is the only one told.
  const [update] = await m1.waitFor("UPDATE_CHANNEL_MEMBERSHIP");
  expect(update.payload).toMatchObject({ ChannelArn: channelArn, Member: { Arn: app.users.m1 }, SubChannelId: second });
  const { ChannelMembership } = await t.messaging.send(
    new DescribeChannelMembershipCommand({
      ChannelArn: channelArn,
      MemberArn: app.users.m1,
      ChimeBearer: app.users.owner,
    }),
  );
  expect(ChannelMembership?.SubChannelId).toBe(second);
  const listed = await t.messaging.send(
    new ListChannelMembershipsForAppInstanceUserCommand({ ChimeBearer: app.users.m1 }),
  );
  expect(
    listed.ChannelMemberships?.find((m) => m.ChannelSummary?.ChannelArn === channelArn)
      ?.AppInstanceUserMembershipSummary,
  ).toMatchObject({ SubChannelId: second });
});

test("messages stay in their sub-channel: sent, heard and listed there only", async () => {
  const channelArn = await elasticChannel(twoSubChannelsOfTwo);
  const a = (await join(channelArn, "m1")).SubChannelId as string;
  await join(channelArn, "m2");
  const b = (await join(channelArn, "m3")).SubChannelId as string;
  expect(b).not.toBe(a);
  const [m2, m3] = [await connect("m2"), await connect("m3")];
  const sent = await send(channelArn, "m1", a, "in A");
  expect(sent).toMatchObject({ SubChannelId: a });
  const [event] = await m2.waitFor("CREATE_CHANNEL_MESSAGE");
  expect(event.payload).toMatchObject({ MessageId: sent.MessageId, SubChannelId: a, Content: "in A" });
  await send(channelArn, "m3", b, "in B");
  await m3.waitFor("CREATE_CHANNEL_MESSAGE");
  expect(m3.frames.filter((f) => f.type === "CREATE_CHANNEL_MESSAGE")).toHaveLength(1);

  const list = (user: string, subChannelId: string) =>
    t.messaging.send(
      new ListChannelMessagesCommand({
        ChannelArn: channelArn,
        SubChannelId: subChannelId,
        ChimeBearer: app.users[user],
      }),
    );
  expect((await list("m2", a)).ChannelMessages?.map((m) => m.Content)).toEqual(["in A"]);
  // Moderators read every sub-channel; a member of another one reads nothing of it.
  expect((await list("mod", b)).ChannelMessages?.map((m) => m.Content)).toEqual(["in B"]);
  await expect(list("m3", a)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(send(channelArn, "m3", a, "not mine")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(send(channelArn, "m1", undefined, "where?")).rejects.toBeInstanceOf(BadRequestException);
});

test("moderators join the sub-channel they name; regular members cannot name one", async () => {
  const channelArn = await elasticChannel(twoSubChannelsOfTwo);
  const [only] = await subChannels(channelArn);
  await expect(join(channelArn, "mod")).rejects.toBeInstanceOf(BadRequestException);
  const joined = await join(channelArn, "mod", only.SubChannelId);
  expect(joined.SubChannelId).toBe(only.SubChannelId);
  await expect(join(channelArn, "m1", only.SubChannelId)).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    t.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: channelArn,
        MemberArn: app.users.m1,
        Type: "HIDDEN",
        ChimeBearer: app.users.owner,
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
  // A moderator sends in the sub-channel joined.
  await expect(send(channelArn, "mod", only.SubChannelId, "welcome")).resolves.toMatchObject({
    SubChannelId: only.SubChannelId,
  });
  const { ChannelMemberships } = await t.messaging.send(
    new ListChannelMembershipsCommand({
      ChannelArn: channelArn,
      SubChannelId: only.SubChannelId,
      ChimeBearer: app.users.owner,
    }),
  );
  expect(ChannelMemberships?.map((m) => m.Member?.Arn)).toEqual([app.users.mod]);
});

test("a sub-channel below its minimum scales in: members transferred, messages gone, moderators told why", async () => {
  const channelArn = await elasticChannel({
    MaximumSubChannels: 3,
    TargetMembershipsPerSubChannel: 3,
    MinimumMembershipPercentage: 40,
  });
  for (const user of ["m1", "m2", "m3", "m4"]) await join(channelArn, user);
  const [a, b] = (await subChannels(channelArn)).map((sub) => sub.SubChannelId as string);
  // b holds m1 (transferred) and m4; the moderator joins b too.
  await join(channelArn, "mod", b);
  await send(channelArn, "m4", b, "in B");
  const [m1, mod] = [await connect("m1"), await connect("mod")];
  await t.messaging.send(
    new DeleteChannelMembershipCommand({
      ChannelArn: channelArn,
      MemberArn: app.users.m4,
      ChimeBearer: app.users.owner,
    }),
  );
  expect(await subChannels(channelArn)).toEqual([{ SubChannelId: a, MembershipCount: 3 }]);
  const [moved] = await m1.waitFor("UPDATE_CHANNEL_MEMBERSHIP");
  expect(moved.payload).toMatchObject({ Member: { Arn: app.users.m1 }, SubChannelId: a });
  const removals = await mod.waitFor("DELETE_CHANNEL_MEMBERSHIP", 2);
  // The moderator heard m4 leave b, then lost b itself.
  expect(removals.map((f) => [f.payload?.Member, f.reason])).toEqual([
    [{ Arn: app.users.m4, Name: "m4" }, undefined],
    [{ Arn: app.users.mod, Name: "mod" }, "subchannel_DELETED"],
  ]);
  await expect(
    t.messaging.send(
      new ListChannelMessagesCommand({ ChannelArn: channelArn, SubChannelId: b, ChimeBearer: app.users.owner }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  expect((await send(channelArn, "m1", a, "moved")).SubChannelId).toBe(a);
});

test("a channel full to MaximumSubChannels × TargetMembershipsPerSubChannel refuses more members", async () => {
  const channelArn = await elasticChannel({
    MaximumSubChannels: 2,
    TargetMembershipsPerSubChannel: 2,
    MinimumMembershipPercentage: 1,
  });
  const batch = await t.messaging.send(
    new BatchCreateChannelMembershipCommand({
      ChannelArn: channelArn,
      MemberArns: ["m1", "m2", "m3", "m4", "m5"].map((id) => app.users[id]),
      ChimeBearer: app.users.owner,
    }),
  );
  expect(batch.BatchChannelMemberships?.Members?.map((m) => m.Arn)).toEqual(
    ["m1", "m2", "m3", "m4"].map((id) => app.users[id]),
  );
  expect(batch.Errors).toEqual([
    { MemberArn: app.users.m5, ErrorCode: "ResourceLimitExceeded", ErrorMessage: expect.any(String) as string },
  ]);
  await expect(join(channelArn, "m5")).rejects.toBeInstanceOf(ResourceLimitExceededException);
});

test("promoting a member to moderator removes their membership; elastic channels have no read markers", async () => {
  const channelArn = await elasticChannel(twoSubChannelsOfTwo);
  await join(channelArn, "m1");
  await expect(
    t.messaging.send(new UpdateChannelReadMarkerCommand({ ChannelArn: channelArn, ChimeBearer: app.users.m1 })),
  ).rejects.toBeInstanceOf(BadRequestException);
  await t.messaging.send(
    new CreateChannelModeratorCommand({
      ChannelArn: channelArn,
      ChannelModeratorArn: app.users.m1,
      ChimeBearer: app.users.owner,
    }),
  );
  const [sub] = await subChannels(channelArn);
  expect(sub.MembershipCount).toBe(0);
});

test("ListSubChannels is for moderators and admins of elastic channels", async () => {
  const channelArn = await elasticChannel(twoSubChannelsOfTwo);
  await join(channelArn, "m1");
  await expect(
    t.messaging.send(new ListSubChannelsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.m1 })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const { ChannelArn: ordinary } = await t.messaging.send(
    new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "small", ChimeBearer: app.users.owner }),
  );
  await expect(
    t.messaging.send(new ListSubChannelsCommand({ ChannelArn: ordinary, ChimeBearer: app.users.owner })),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("prefetch gives a member their sub-channel's messages and members", async () => {
  // Users of this test only, so that the channel is their one channel.
  for (const id of ["p1", "p2", "p3"]) {
    const { AppInstanceUserArn } = await t.identity.send(
      new CreateAppInstanceUserCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceUserId: id, Name: id }),
    );
    app.users[id] = AppInstanceUserArn as string;
  }
  const channelArn = await elasticChannel(twoSubChannelsOfTwo);
  const a = (await join(channelArn, "p1")).SubChannelId as string;
  await join(channelArn, "p2");
  const b = (await join(channelArn, "p3")).SubChannelId as string;
  await send(channelArn, "p1", a, "in A");
  await send(channelArn, "p3", b, "in B");
  const url = await presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users.p2, new Date(), {
    "prefetch-on": "connect",
  });
  const session = await TestSession.open(url);
  sessions.push(session);
  const [details] = await session.waitFor("CHANNEL_DETAILS");
  expect(details.payload).toMatchObject({
    Channel: { ChannelArn: channelArn },
    ChannelMessages: [{ Content: "in A" }],
    ChannelMemberships: [{ Member: { Arn: app.users.p1 } }, { Member: { Arn: app.users.p2 } }],
  });
});
