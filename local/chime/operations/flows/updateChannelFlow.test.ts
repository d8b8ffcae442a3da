import {
  BadRequestException,
  DescribeChannelFlowCommand,
  ForbiddenException,
  UpdateChannelFlowCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createFlow } from "../../../../test/support/channelFlows";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let now = new Date("2026-03-01T10:00:00.000Z");
const t = useTestEndpoint({ clock: { now: () => now } });
const app = useTestApp(t, ["alice"]);

const lambda = (name: string) => ({
  Lambda: { ResourceArn: `arn:aws:lambda:us-east-1:111122223333:function:${name}`, InvocationType: "ASYNC" as const },
});

test("replaces the name and the processors, and moves LastUpdatedTimestamp only", async () => {
  const arn = await createFlow(t.messaging, app);
  now = new Date("2026-03-01T11:00:00.000Z");
  const updated = await t.messaging.send(
    new UpdateChannelFlowCommand({
      ChannelFlowArn: arn,
      Name: "renamed",
      Processors: [{ Name: "new", ExecutionOrder: 1, FallbackAction: "CONTINUE", Configuration: lambda("other") }],
    }),
  );
  expect(updated).toMatchObject({ ChannelFlowArn: arn, $metadata: { httpStatusCode: 200 } });
  const { ChannelFlow } = await t.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: arn }));
  expect(ChannelFlow).toMatchObject({
    Name: "renamed",
    Processors: [{ Name: "new", FallbackAction: "CONTINUE", Configuration: lambda("other") }],
    CreatedTimestamp: new Date("2026-03-01T10:00:00.000Z"),
    LastUpdatedTimestamp: new Date("2026-03-01T11:00:00.000Z"),
  });
});

test("more processors than the quota is a bad request (no ResourceLimitExceeded in this model); a missing flow Forbidden", async () => {
  const arn = await createFlow(t.messaging, app);
  const two = [1, 2].map((order) => ({
    Name: `p${order}`,
    ExecutionOrder: order,
    FallbackAction: "ABORT" as const,
    Configuration: lambda("p"),
  }));
  await expect(
    t.messaging.send(new UpdateChannelFlowCommand({ ChannelFlowArn: arn, Name: "x", Processors: two })),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    t.messaging.send(
      new UpdateChannelFlowCommand({ ChannelFlowArn: `${arn}x`, Name: "x", Processors: two.slice(0, 1) }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
