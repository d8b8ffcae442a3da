import {
  DeleteChannelModeratorCommand,
  ForbiddenException,
  UpdateChannelCommand,
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

test("a demoted moderator can no longer manage the channel (204)", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice"] });
  const result = await t.messaging.send(
    new DeleteChannelModeratorCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      ChannelModeratorArn: app.users.alice,
    }),
  );
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.messaging.send(new UpdateChannelCommand({ ChannelArn: channel, ChimeBearer: app.users.alice, Name: "mine now" })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
