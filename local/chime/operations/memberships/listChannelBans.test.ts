import { CreateChannelBanCommand, ListChannelBansCommand } from "@aws-sdk/client-chime-sdk-messaging";
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
  app = await createApp(t.identity, ["owner", "a", "b", "c"]);
});
afterAll(() => t.close());

test("lists the banned users across pages", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  for (const user of ["a", "b", "c"]) {
    await t.messaging.send(
      new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users[user] }),
    );
  }
  const first = await t.messaging.send(
    new ListChannelBansCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MaxResults: 2 }),
  );
  const second = await t.messaging.send(
    new ListChannelBansCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      MaxResults: 2,
      NextToken: first.NextToken,
    }),
  );
  expect(first.ChannelArn).toBe(channel);
  expect(second.NextToken).toBeUndefined();
  const names = [...(first.ChannelBans ?? []), ...(second.ChannelBans ?? [])].map((b) => b.Member?.Name);
  expect(names.sort()).toEqual(["a", "b", "c"]);
});
