import {
  DeleteChannelModeratorCommand,
  ForbiddenException,
  ListChannelModeratorsCommand,
  UpdateChannelCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessageAnswer } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "outsider", "admin"], { admins: ["admin"] });

const demote = (channelArn: string, bearer: string, user: string) =>
  t.messaging.send(
    new DeleteChannelModeratorCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      ChannelModeratorArn: app.users[user],
    }),
  );
const moderators = async (channelArn: string) =>
  (
    await t.messaging.send(new ListChannelModeratorsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.admin }))
  ).ChannelModerators?.map((m) => m.Moderator?.Name);

test("a demoted moderator (204) can no longer manage the channel but stays a member", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"], moderators: ["alice"] });
  const result = await demote(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(204);
  expect(await moderators(channel)).toEqual(["owner"]);
  await expect(
    t.messaging.send(new UpdateChannelCommand({ ChannelArn: channel, ChimeBearer: app.users.alice, Name: "mine now" })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(sendMessageAnswer(t.messaging, channel, app.users.alice, "still here")).resolves.toMatchObject({
    ChannelArn: channel,
    Status: { Value: "SENT" },
  });
});

test("members and outsiders cannot demote; an admin can; a moderator may step down", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"], moderators: ["alice"] });
  await expect(demote(channel, "bob", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(demote(channel, "outsider", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await demote(channel, "admin", "owner");
  await demote(channel, "alice", "alice");
  expect(await moderators(channel)).toEqual([]);
});

test("demoting a user who is not a moderator is a 204 that changes nothing; a missing channel is Forbidden", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const result = await demote(channel, "owner", "bob");
  expect(result.$metadata.httpStatusCode).toBe(204);
  expect(await moderators(channel)).toEqual(["owner"]);
  await expect(demote(`${app.appInstanceArn}/channel/missing`, "owner", "owner")).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
