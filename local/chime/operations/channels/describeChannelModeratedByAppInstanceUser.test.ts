import {
  DescribeChannelModeratedByAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let channelArn: string;

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol", "dave"], { admins: ["carol"] });
beforeAll(async () => {
  channelArn = await createChannel(t.messaging, app, {
    owner: "alice",
    privacy: "PRIVATE",
    members: ["dave"],
    moderators: ["bob"],
  });
});

const describeFor = (userArn: string, bearer: string, channel = channelArn) =>
  t.messaging.send(
    new DescribeChannelModeratedByAppInstanceUserCommand({
      ChannelArn: channel,
      AppInstanceUserArn: userArn,
      ChimeBearer: bearer,
    }),
  );

test("a moderator gets the channel's summary (200), a PRIVATE one included", async () => {
  const result = await describeFor(app.users.bob, app.users.bob);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.Channel).toEqual({
    ChannelSummary: { Name: "test channel", ChannelArn: channelArn, Mode: "UNRESTRICTED", Privacy: "PRIVATE" },
  });
});

test("an admin asks about any user; others only about themselves", async () => {
  await expect(describeFor(app.users.bob, app.users.carol)).resolves.toMatchObject({
    Channel: { ChannelSummary: { ChannelArn: channelArn } },
  });
  await expect(describeFor(app.users.bob, app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
});

test("a channel the user does not moderate, or that does not exist, is forbidden", async () => {
  await expect(describeFor(app.users.dave, app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
  // An admin's implicit moderation is not a moderator role.
  await expect(describeFor(app.users.carol, app.users.carol)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(describeFor(app.users.bob, app.users.bob, `${app.appInstanceArn}/channel/none`)).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
