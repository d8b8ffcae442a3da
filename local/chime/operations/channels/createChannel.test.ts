import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import {
  BadRequestException,
  ChimeSDKMessagingClient,
  ConflictException,
  CreateChannelCommand,
  DescribeChannelCommand,
  DescribeChannelMembershipForAppInstanceUserCommand,
  ForbiddenException,
  ListChannelsCommand,
  ListChannelsModeratedByAppInstanceUserCommand,
  UnauthorizedClientException,
} from "@aws-sdk/client-chime-sdk-messaging";
import {
  clientConfig,
  createApp,
  startTestEndpoint,
  useTestApp,
  useTestEndpoint,
} from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob"]);

const create = (extra: Partial<CreateChannelCommand["input"]> = {}) =>
  t.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "general",
      ChimeBearer: app.users.alice,
      ...extra,
    }),
  );

/** A channel made with this name has it, as DescribeChannel reads it back. */
async function expectNameKept(Name: string): Promise<void> {
  const { ChannelArn } = await create({ Name });
  const { Channel } = await t.messaging.send(new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.alice }));
  expect(Channel?.Name).toBe(Name);
}

/** `user`'s membership of a channel, as they describe it themselves. */
const ownMembership = (channelArn: string | undefined, user: string) =>
  t.messaging.send(
    new DescribeChannelMembershipForAppInstanceUserCommand({
      ChannelArn: channelArn,
      AppInstanceUserArn: app.users[user],
      ChimeBearer: app.users[user],
    }),
  );
const channelsModeratedBy = async (user: string) =>
  (
    await t.messaging.send(new ListChannelsModeratedByAppInstanceUserCommand({ ChimeBearer: app.users[user] }))
  ).Channels?.map((c) => c.ChannelSummary?.ChannelArn);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

test("creates a channel with status 201 and an ARN under the app instance", async () => {
  const result = await create();
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.ChannelArn).toMatch(new RegExp(`^${escape(app.appInstanceArn)}/channel/[-_a-zA-Z0-9]+$`));
});

test("the creator becomes a member and a moderator", async () => {
  const { ChannelArn } = await create({ Privacy: "PRIVATE" });
  const membership = await ownMembership(ChannelArn, "alice");
  expect(membership.ChannelMembership?.AppInstanceUserMembershipSummary?.Type).toBe("DEFAULT");
  expect(membership.ChannelMembership?.ChannelSummary?.ChannelArn).toBe(ChannelArn);
  expect(await channelsModeratedBy("alice")).toContain(ChannelArn);
});

test("MemberArns and ModeratorArns seed members and moderators", async () => {
  const { ChannelArn } = await create({ MemberArns: [app.users.bob], ModeratorArns: [app.users.bob] });
  const membership = await ownMembership(ChannelArn, "bob");
  expect(membership.ChannelMembership?.AppInstanceUserMembershipSummary?.Type).toBe("DEFAULT");
  expect(await channelsModeratedBy("bob")).toContain(ChannelArn);
});

test("Mode and Privacy default to UNRESTRICTED and PUBLIC", async () => {
  const { ChannelArn } = await create({ Name: "defaults", Metadata: "{}" });
  const { Channel } = await t.messaging.send(new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.bob }));
  expect(Channel).toMatchObject({
    ChannelArn,
    Name: "defaults",
    Mode: "UNRESTRICTED",
    Privacy: "PUBLIC",
    Metadata: "{}",
    CreatedBy: { Arn: app.users.alice, Name: "alice" },
  });
});

test("the caller may choose the ChannelId; a second channel with it is a conflict", async () => {
  const result = await create({ ChannelId: "room-42" });
  expect(result.ChannelArn).toBe(`${app.appInstanceArn}/channel/room-42`);
  await expect(create({ ChannelId: "room-42" })).rejects.toBeInstanceOf(ConflictException);
  await expect(create({ ChannelId: "-bad-" })).rejects.toBeInstanceOf(BadRequestException);
  await expect(create({ ChannelId: "x".repeat(65) })).rejects.toBeInstanceOf(BadRequestException);
});

test("a repeated ClientRequestToken returns the first channel and creates it once", async () => {
  const fresh = await createApp(t.identity, ["dora"]);
  const input = {
    AppInstanceArn: fresh.appInstanceArn,
    Name: "once",
    ChimeBearer: fresh.users.dora,
    ClientRequestToken: "create-token-1",
  };
  const first = await t.messaging.send(new CreateChannelCommand(input));
  const second = await t.messaging.send(new CreateChannelCommand(input));
  expect(second.ChannelArn).toBe(first.ChannelArn);
  const list = await t.messaging.send(
    new ListChannelsCommand({ AppInstanceArn: fresh.appInstanceArn, ChimeBearer: fresh.users.dora }),
  );
  expect(list.Channels?.map((c) => c.ChannelArn)).toEqual([first.ChannelArn]);
  await expect(t.messaging.send(new CreateChannelCommand({ ...input, Name: "other" }))).rejects.toBeInstanceOf(
    ConflictException,
  );
});

test("names and metadata over the model's limits are bad requests", async () => {
  await expect(create({ Name: "x".repeat(257) })).rejects.toBeInstanceOf(BadRequestException);
  // The model's Name pattern refuses control characters; a blank name is within it.
  await expect(create({ Name: "bell\u0007" })).rejects.toBeInstanceOf(BadRequestException);
  await expectNameKept("   ");
  await expect(create({ Metadata: "m".repeat(1025) })).rejects.toBeInstanceOf(BadRequestException);
  await expect(create({ Mode: "OPEN" as "RESTRICTED" })).rejects.toBeInstanceOf(BadRequestException);
  await expectNameKept("x".repeat(256));
});

test("a MemberArn or ModeratorArn that is not a user of the app instance is forbidden", async () => {
  const nobody = `${app.appInstanceArn}/user/nobody`;
  await expect(create({ MemberArns: [nobody] })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(create({ ModeratorArns: [nobody] })).rejects.toBeInstanceOf(ForbiddenException);
  const other = await createApp(t.identity, ["erin"]);
  await expect(create({ MemberArns: [other.users.erin] })).rejects.toBeInstanceOf(ForbiddenException);
});

test("a bearer of another app instance is forbidden; an unknown bearer unauthorized", async () => {
  const other = await createApp(t.identity, ["frank"]);
  await expect(create({ ChimeBearer: other.users.frank })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(create({ ChimeBearer: `${app.appInstanceArn}/user/ghost` })).rejects.toBeInstanceOf(
    UnauthorizedClientException,
  );
});

describe("an elastic channel", () => {
  const elastic = { MaximumSubChannels: 2, TargetMembershipsPerSubChannel: 2, MinimumMembershipPercentage: 10 };

  test("makes its creator a moderator only, is RESTRICTED and keeps its configuration", async () => {
    const { ChannelArn } = await create({ ElasticChannelConfiguration: elastic });
    const { Channel } = await t.messaging.send(
      new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.alice }),
    );
    expect(Channel).toMatchObject({ Mode: "RESTRICTED", ElasticChannelConfiguration: elastic });
    const moderated = await t.messaging.send(
      new ListChannelsModeratedByAppInstanceUserCommand({ ChimeBearer: app.users.alice }),
    );
    expect(moderated.Channels?.map((c) => c.ChannelSummary?.ChannelArn)).toContain(ChannelArn);
    await expect(
      t.messaging.send(
        new DescribeChannelMembershipForAppInstanceUserCommand({
          ChannelArn,
          AppInstanceUserArn: app.users.alice,
          ChimeBearer: app.users.alice,
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  test("takes no MemberArns and cannot be UNRESTRICTED", async () => {
    await expect(create({ ElasticChannelConfiguration: elastic, MemberArns: [app.users.bob] })).rejects.toBeInstanceOf(
      BadRequestException,
    );
    await expect(create({ ElasticChannelConfiguration: elastic, Mode: "UNRESTRICTED" })).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  test("exists in us-east-1 only", async () => {
    const elsewhere = await startTestEndpoint({ config: { region: "eu-central-1" } });
    const config = { ...clientConfig(elsewhere.endpoint.url, elsewhere.credentials.developer), region: "eu-central-1" };
    const identity = new ChimeSDKIdentityClient(config);
    const messaging = new ChimeSDKMessagingClient(config);
    try {
      const other = await createApp(identity, ["erin"]);
      const error: unknown = await messaging
        .send(
          new CreateChannelCommand({
            AppInstanceArn: other.appInstanceArn,
            Name: "live",
            ChimeBearer: other.users.erin,
            ElasticChannelConfiguration: elastic,
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as Error).message).toBe("Elastic channels are available in us-east-1 only.");
    } finally {
      identity.destroy();
      messaging.destroy();
      await elsewhere.close();
    }
  });
});
