import {
  CreateChannelBanCommand,
  CreateChannelMembershipCommand,
  DeleteChannelBanCommand,
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
  app = await createApp(t.identity, ["owner", "alice"]);
});
afterAll(() => t.close());

test("lifting a ban (204) does not restore the membership, but the user can be added again", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const target = { ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.alice };
  await t.messaging.send(new CreateChannelBanCommand(target));
  const result = await t.messaging.send(new DeleteChannelBanCommand(target));
  expect(result.$metadata.httpStatusCode).toBe(204);
  const members = async () =>
    (
      await t.messaging.send(new ListChannelMembershipsCommand({ ChannelArn: channel, ChimeBearer: app.users.owner }))
    ).ChannelMemberships?.map((m) => m.Member?.Name);
  expect(await members()).toEqual(["owner"]);
  await t.messaging.send(new CreateChannelMembershipCommand({ ...target, Type: "DEFAULT" }));
  expect((await members())?.sort()).toEqual(["alice", "owner"]);
});
