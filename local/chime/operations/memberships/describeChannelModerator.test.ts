import {
  DescribeChannelModeratorCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

// A clock the test controls, kept near real time: requests are signed with the real time and the
// endpoint checks signatures against its clock. Whole seconds, so timestamps compare exactly.
const start = Math.floor(Date.now() / 1000) * 1000;
let now = new Date(start);
const t = useTestEndpoint({ clock: { now: () => now } });
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
  now = new Date(start + 30_000);
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
  await expect(describeModerator(channel, "alice", "owner")).resolves.toBeDefined();
  await expect(describeModerator(channel, "admin", "alice")).resolves.toBeDefined();
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
