import {
  DeleteChannelMembershipCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
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

const remove = (channelArn: string, bearer: string, member: string) =>
  t.messaging.send(
    new DeleteChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
    }),
  );
const members = async (channelArn: string) =>
  (
    await t.messaging.send(new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner }))
  ).ChannelMemberships?.map((m) => m.Member?.Name);

test("a member may leave but not remove others; a moderator removes anyone (204)", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await expect(remove(channel, "alice", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  const left = await remove(channel, "alice", "alice");
  expect(left.$metadata.httpStatusCode).toBe(204);
  await remove(channel, "owner", "bob");
  expect(await members(channel)).toEqual(["owner"]);
});

test("removing someone who is not a member changes nothing", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(remove(channel, "owner", "bob")).resolves.toBeDefined();
  expect(await members(channel)).toEqual(["owner"]);
});
