import {
  CreateChannelMembershipCommand,
  DescribeChannelMembershipCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let now = new Date("2026-03-01T10:00:00Z");
let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint({ clock: { now: () => now } });
  app = await createApp(t.identity, ["owner", "alice", "outsider"]);
});
afterAll(() => t.close());

const describe_ = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new DescribeChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );

test("describes a membership with who invited whom and when", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  now = new Date("2026-03-01T10:05:00Z");
  await t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      MemberArn: app.users.alice,
      Type: "DEFAULT",
    }),
  );
  const { ChannelMembership } = await describe_(channel, "alice", "alice");
  expect(ChannelMembership).toEqual({
    ChannelArn: channel,
    Type: "DEFAULT",
    Member: { Arn: app.users.alice, Name: "alice" },
    InvitedBy: { Arn: app.users.owner, Name: "owner" },
    CreatedTimestamp: now,
    LastUpdatedTimestamp: now,
  });
});

test("a missing membership is NotFound; a private channel is Forbidden to outsiders", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE" });
  await expect(describe_(channel, "owner", "alice")).rejects.toBeInstanceOf(NotFoundException);
  await expect(describe_(channel, "outsider", "owner")).rejects.toBeInstanceOf(ForbiddenException);
});
