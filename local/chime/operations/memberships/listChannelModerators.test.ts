import { ListChannelModeratorsCommand } from "@aws-sdk/client-chime-sdk-messaging";
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

test("lists the moderators, creator included, across pages", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice", "bob"] });
  const first = await t.messaging.send(
    new ListChannelModeratorsCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MaxResults: 2 }),
  );
  const second = await t.messaging.send(
    new ListChannelModeratorsCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      MaxResults: 2,
      NextToken: first.NextToken,
    }),
  );
  expect(second.NextToken).toBeUndefined();
  const names = [...(first.ChannelModerators ?? []), ...(second.ChannelModerators ?? [])].map((m) => m.Moderator?.Name);
  expect(names.sort()).toEqual(["alice", "bob", "owner"]);
});
