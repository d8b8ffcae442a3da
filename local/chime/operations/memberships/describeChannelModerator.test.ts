import {
  DescribeChannelModeratorCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { ManualClock, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const clock = new ManualClock();
const t = useTestEndpoint({ clock });
const app = useTestApp(t, ["owner", "alice", "bob", "outsider", "admin"], { admins: ["admin"] });

const describeModerator = (channelArn: string, bearer: string, user: string) =>
  t.messaging.send(
    new DescribeChannelModeratorCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      ChannelModeratorArn: app.users[user],
    }),
  );

test("describes a moderator with who promoted them and when", async () => {
  const now = clock.setAfterStart(30_000);
  const channel = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice"] });
  const result = await describeModerator(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelModerator).toEqual({
    ChannelArn: channel,
    Moderator: { Arn: app.users.alice, Name: "alice" },
    CreatedBy: { Arn: app.users.owner, Name: "owner" },
    CreatedTimestamp: now,
  });
});

test("moderators and admins may ask; members and outsiders may not", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"], moderators: ["alice"] });
  await expect(describeModerator(channel, "alice", "owner")).resolves.toMatchObject({
    ChannelModerator: { ChannelArn: channel, Moderator: { Arn: app.users.owner, Name: "owner" } },
  });
  await expect(describeModerator(channel, "admin", "alice")).resolves.toMatchObject({
    ChannelModerator: { ChannelArn: channel, Moderator: { Arn: app.users.alice, Name: "alice" } },
  });
  await expect(describeModerator(channel, "bob", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(describeModerator(channel, "outsider", "alice")).rejects.toBeInstanceOf(ForbiddenException);
});

test("a user who is not a moderator, or a missing channel, is NotFound", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"] });
  await expect(describeModerator(channel, "owner", "bob")).rejects.toBeInstanceOf(NotFoundException);
  await expect(describeModerator(`${app.appInstanceArn}/channel/missing`, "owner", "owner")).rejects.toBeInstanceOf(
    NotFoundException,
  );
});
