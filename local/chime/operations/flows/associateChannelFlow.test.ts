import {
  AssociateChannelFlowCommand,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createFlow, RecordingInvoker } from "../../../../test/support/channelFlows";
import { createChannel, sendMessageAnswer } from "../../../../test/support/channels";
import { createApp, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const invoker = new RecordingInvoker();
const t = useTestEndpoint({ lambda: invoker });
const app = useTestApp(t, ["owner", "admin", "member"], { admins: ["admin"] });

const associate = (channelArn: string, flowArn: string, bearer: string) =>
  t.messaging.send(
    new AssociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn: flowArn, ChimeBearer: bearer }),
  );

test("a moderator associates a flow (200): the channel's next STANDARD message goes to its processor", async () => {
  const flowArn = await createFlow(t.messaging, app);
  const channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["member"] });
  const answer = await associate(channelArn, flowArn, app.users.owner);
  expect(answer.$metadata.httpStatusCode).toBe(200);
  const { MessageId, Status } = await sendMessageAnswer(t.messaging, channelArn, app.users.member, "through the flow");
  expect(Status?.Value).toBe("PENDING");
  expect((await invoker.next(MessageId as string)).event.ChannelMessage.Content).toBe("through the flow");
});

test("the same flow again changes nothing; another flow is a conflict; a member may not associate", async () => {
  const [flowArn, otherFlow] = [await createFlow(t.messaging, app), await createFlow(t.messaging, app)];
  const channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["member"] });
  await expect(associate(channelArn, flowArn, app.users.member)).rejects.toBeInstanceOf(ForbiddenException);
  await associate(channelArn, flowArn, app.users.admin);
  await expect(associate(channelArn, flowArn, app.users.owner)).resolves.toMatchObject({
    $metadata: { httpStatusCode: 200 },
  });
  await expect(associate(channelArn, otherFlow, app.users.owner)).rejects.toBeInstanceOf(ConflictException);
});

test("a flow or channel that does not exist, or of another app instance, is NotFound", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(
    associate(channelArn, `${app.appInstanceArn}/channel-flow/none`, app.users.owner),
  ).rejects.toBeInstanceOf(NotFoundException);
  const other = await createApp(t.identity, ["stranger"]);
  const foreignFlow = await createFlow(t.messaging, other);
  await expect(associate(channelArn, foreignFlow, app.users.owner)).rejects.toBeInstanceOf(NotFoundException);
  const flowArn = await createFlow(t.messaging, app);
  await expect(associate(`${app.appInstanceArn}/channel/none`, flowArn, app.users.owner)).rejects.toBeInstanceOf(
    NotFoundException,
  );
});
