import {
  DeleteChannelMessageCommand,
  ForbiddenException,
  GetChannelMessageCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
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
  app = await createApp(t.identity, ["owner", "admin"]);
  await makeAdmin(t.identity, app, "admin");
});
afterAll(() => t.close());

test("only an AppInstanceAdmin deletes (204), and the message is gone", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const MessageId = await sendMessage(t.messaging, channel, app.users.owner, "bye");
  const target = { ChannelArn: channel, MessageId };
  await expect(
    t.messaging.send(new DeleteChannelMessageCommand({ ...target, ChimeBearer: app.users.owner })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const result = await t.messaging.send(new DeleteChannelMessageCommand({ ...target, ChimeBearer: app.users.admin }));
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.messaging.send(new GetChannelMessageCommand({ ...target, ChimeBearer: app.users.owner })),
  ).rejects.toBeInstanceOf(NotFoundException);
});
