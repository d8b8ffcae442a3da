import {
  CreateChannelBanCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  makeAdmin,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["owner", "alice", "mod", "admin"]);
  await makeAdmin(t.identity, app, "admin");
});
afterAll(() => t.close());

const ban = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new CreateChannelBanCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );

test("a ban (201) removes the member at once", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const result = await ban(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toMatchObject({ ChannelArn: channel, Member: { Arn: app.users.alice } });
  const list = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: channel, ChimeBearer: app.users.owner }),
  );
  expect(list.ChannelMemberships?.map((m) => m.Member?.Name)).toEqual(["owner"]);
});

test("admins and moderators cannot be banned; members cannot ban", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"], moderators: ["mod"] });
  await expect(ban(channel, "owner", "admin")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(ban(channel, "owner", "mod")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(ban(channel, "alice", "owner")).rejects.toBeInstanceOf(ForbiddenException);
});
