import { DescribeChannelFlowCommand, ForbiddenException } from "@aws-sdk/client-chime-sdk-messaging";
import { createFlow, TEST_FUNCTION_ARN } from "../../../../test/support/channelFlows";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let now = new Date("2026-03-01T10:00:00.000Z");
const t = useTestEndpoint({ clock: { now: () => now } });

test("describes a flow: name, processors, creation and update times", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const arn = await createFlow(t.messaging, app, { fallback: "CONTINUE" });
  now = new Date("2026-03-01T10:05:00.000Z");
  const { ChannelFlow, $metadata } = await t.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: arn }));
  expect($metadata.httpStatusCode).toBe(200);
  expect(ChannelFlow).toEqual({
    ChannelFlowArn: arn,
    Name: "moderation",
    Processors: [
      {
        Name: "processor-1",
        ExecutionOrder: 1,
        FallbackAction: "CONTINUE",
        Configuration: { Lambda: { ResourceArn: TEST_FUNCTION_ARN, InvocationType: "ASYNC" } },
      },
    ],
    CreatedTimestamp: new Date("2026-03-01T10:00:00.000Z"),
    LastUpdatedTimestamp: new Date("2026-03-01T10:00:00.000Z"),
  });
});

test("a flow that does not exist is Forbidden (the model has no NotFound for it)", async () => {
  const app = await createApp(t.identity, ["bob"]);
  await expect(
    t.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: `${app.appInstanceArn}/channel-flow/none` })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
