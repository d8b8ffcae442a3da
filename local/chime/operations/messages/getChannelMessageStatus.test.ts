import { ForbiddenException, GetChannelMessageStatusCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice"]);

test("the sender reads SENT; others are Forbidden", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.alice, "hi");
  const status = (bearer: string) =>
    t.messaging.send(
      new GetChannelMessageStatusCommand({ ChannelArn: channel, ChimeBearer: app.users[bearer], MessageId }),
    );
  const result = await status("alice");
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.Status).toEqual({ Value: "SENT" });
  await expect(status("owner")).rejects.toBeInstanceOf(ForbiddenException);
});

test("an unknown message is Forbidden, as NotFound is not modeled", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(
    t.messaging.send(
      new GetChannelMessageStatusCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId: "nope" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
