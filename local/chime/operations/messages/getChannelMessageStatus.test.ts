import { ForbiddenException, GetChannelMessageStatusCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
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

test("the sender reads SENT; others are Forbidden", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.alice, "hi");
  const status = (bearer: string) =>
    t.messaging.send(
      new GetChannelMessageStatusCommand({ ChannelArn: channel, ChimeBearer: app.users[bearer], MessageId }),
    );
  await expect(status("alice")).resolves.toMatchObject({ Status: { Value: "SENT" } });
  await expect(status("owner")).rejects.toBeInstanceOf(ForbiddenException);
});
