import {
  DeleteChannelMessageCommand,
  ForbiddenException,
  GetChannelMessageCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "admin"], { admins: ["admin"] });

test("only an AppInstanceAdmin deletes (204), and the message is gone", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const MessageId = await sendMessage(t.messaging, channel, app.users.alice, "bye");
  const target = { ChannelArn: channel, MessageId };
  // Neither the sender nor a moderator (the creator) may delete.
  for (const bearer of ["alice", "owner"]) {
    await expect(
      t.messaging.send(new DeleteChannelMessageCommand({ ...target, ChimeBearer: app.users[bearer] })),
    ).rejects.toBeInstanceOf(ForbiddenException);
  }
  const result = await t.messaging.send(new DeleteChannelMessageCommand({ ...target, ChimeBearer: app.users.admin }));
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.messaging.send(new GetChannelMessageCommand({ ...target, ChimeBearer: app.users.owner })),
  ).rejects.toBeInstanceOf(NotFoundException);
  // Deleting it again: NotFound is not modeled for this operation.
  await expect(
    t.messaging.send(new DeleteChannelMessageCommand({ ...target, ChimeBearer: app.users.admin })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
