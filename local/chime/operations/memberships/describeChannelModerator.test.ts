import {
  DescribeChannelModeratorCommand,
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

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["owner", "alice", "bob"]);
});
afterAll(() => t.close());

test("describes a moderator; a non-moderator is NotFound; members may not ask", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"], moderators: ["alice"] });
  const { ChannelModerator } = await t.messaging.send(
    new DescribeChannelModeratorCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      ChannelModeratorArn: app.users.alice,
    }),
  );
  expect(ChannelModerator).toMatchObject({
    ChannelArn: channel,
    Moderator: { Arn: app.users.alice },
    CreatedBy: { Arn: app.users.owner },
  });
  expect(ChannelModerator?.CreatedTimestamp).toBeInstanceOf(Date);
  await expect(
    t.messaging.send(
      new DescribeChannelModeratorCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        ChannelModeratorArn: app.users.bob,
      }),
    ),
  ).rejects.toBeInstanceOf(NotFoundException);
  await expect(
    t.messaging.send(
      new DescribeChannelModeratorCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.bob,
        ChannelModeratorArn: app.users.alice,
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
