import {
  DisassociateChannelFlowCommand,
  ForbiddenException,
  NotFoundException,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { associate, createFlow, RecordingInvoker } from "../../../../test/support/channelFlows";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let app: AppFixture;
const invoker = new RecordingInvoker();
beforeAll(async () => {
  t = await startTestEndpoint({ lambda: invoker });
  app = await createApp(t.identity, ["owner", "member"]);
});
afterAll(() => t.close());

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
  const { Status } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.member,
      Content: "straight through",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
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
