import {
  ConflictException,
  DeleteChannelFlowCommand,
  DescribeChannelFlowCommand,
  DisassociateChannelFlowCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { associate, createFlow } from "../../../../test/support/channelFlows";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice"]);

test("only a flow no channel runs can be deleted (204); it is gone after, and a second delete is Forbidden", async () => {
  const arn = await createFlow(t.messaging, app);
  const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
  await associate(t.messaging, channelArn, arn, app.users.alice);
  await expect(t.messaging.send(new DeleteChannelFlowCommand({ ChannelFlowArn: arn }))).rejects.toBeInstanceOf(
    ConflictException,
  );
  await t.messaging.send(
    new DisassociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn: arn, ChimeBearer: app.users.alice }),
  );
  const deleted = await t.messaging.send(new DeleteChannelFlowCommand({ ChannelFlowArn: arn }));
  expect(deleted.$metadata.httpStatusCode).toBe(204);
  await expect(t.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: arn }))).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await expect(t.messaging.send(new DeleteChannelFlowCommand({ ChannelFlowArn: arn }))).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
