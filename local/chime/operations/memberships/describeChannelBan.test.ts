import {
  CreateChannelBanCommand,
  DescribeChannelBanCommand,
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

test("describes a ban; a user who is not banned is NotFound", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.alice }),
  );
  const { ChannelBan } = await t.messaging.send(
    new DescribeChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.alice }),
  );
  expect(ChannelBan).toMatchObject({
    ChannelArn: channel,
    Member: { Arn: app.users.alice },
    CreatedBy: { Arn: app.users.owner },
  });
  await expect(
    t.messaging.send(
      new DescribeChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
    ),
  ).rejects.toBeInstanceOf(NotFoundException);
});
