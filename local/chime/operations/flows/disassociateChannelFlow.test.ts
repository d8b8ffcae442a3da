import {
  DisassociateChannelFlowCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { associate, createFlow, RecordingInvoker } from "../../../../test/support/channelFlows";
import { createChannel, sendMessageAnswer } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const invoker = new RecordingInvoker();
const t = useTestEndpoint({ lambda: invoker });
const app = useTestApp(t, ["owner", "member"]);

const disassociate = (channelArn: string, flowArn: string, bearer: string) =>
  t.messaging.send(
    new DisassociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn: flowArn, ChimeBearer: bearer }),
  );

test("a moderator disassociates the flow (204): messages are SENT at once again", async () => {
  const flowArn = await createFlow(t.messaging, app);
  const channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["member"] });
  await associate(t.messaging, channelArn, flowArn, app.users.owner);
  await expect(disassociate(channelArn, flowArn, app.users.member)).rejects.toBeInstanceOf(ForbiddenException);
  const answer = await disassociate(channelArn, flowArn, app.users.owner);
  expect(answer.$metadata.httpStatusCode).toBe(204);
  const before = invoker.invocations.length;
  const { Status } = await sendMessageAnswer(t.messaging, channelArn, app.users.member, "straight through");
  expect(Status?.Value).toBe("SENT");
  expect(invoker.invocations.length).toBe(before);
});

test("a flow the channel does not run is NotFound", async () => {
  const [flowArn, otherFlow] = [await createFlow(t.messaging, app), await createFlow(t.messaging, app)];
  const channelArn = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(disassociate(channelArn, flowArn, app.users.owner)).rejects.toBeInstanceOf(NotFoundException);
  await associate(t.messaging, channelArn, flowArn, app.users.owner);
  await expect(disassociate(channelArn, otherFlow, app.users.owner)).rejects.toBeInstanceOf(NotFoundException);
});
