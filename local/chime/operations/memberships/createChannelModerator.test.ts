import {
  ConflictException,
  CreateChannelBanCommand,
  CreateChannelModeratorCommand,
  DeleteChannelCommand,
  ForbiddenException,
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

const promote = (channelArn: string, bearer: string, user: string) =>
  t.messaging.send(
    new CreateChannelModeratorCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      ChannelModeratorArn: app.users[user],
    }),
  );

test("a moderator promotes a user (201) who can then manage the channel", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const result = await promote(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toMatchObject({ ChannelArn: channel, ChannelModerator: { Arn: app.users.alice, Name: "alice" } });
  await expect(promote(channel, "owner", "alice")).resolves.toBeDefined();
  await t.messaging.send(new DeleteChannelCommand({ ChannelArn: channel, ChimeBearer: app.users.alice }));
});

test("members cannot promote; a banned user cannot be promoted", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await expect(promote(channel, "alice", "alice")).rejects.toBeInstanceOf(ForbiddenException);
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
  );
  await expect(promote(channel, "owner", "bob")).rejects.toBeInstanceOf(ConflictException);
});
