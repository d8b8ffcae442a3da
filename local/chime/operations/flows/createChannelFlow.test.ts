import {
  BadRequestException,
  ConflictException,
  CreateChannelFlowCommand,
  DescribeChannelFlowCommand,
  ForbiddenException,
  ResourceLimitExceededException,
  type Processor,
} from "@aws-sdk/client-chime-sdk-messaging";
import { TEST_FUNCTION_ARN } from "../../../../test/support/channelFlows";
import { createApp, startTestEndpoint, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice"]);

const processor = (order: number, name = `p${order}`): Processor => ({
  Name: name,
  ExecutionOrder: order,
  FallbackAction: "CONTINUE",
  Configuration: { Lambda: { ResourceArn: TEST_FUNCTION_ARN, InvocationType: "ASYNC" } },
});

const create = (input: Partial<CreateChannelFlowCommand["input"]> = {}) =>
  t.messaging.send(
    new CreateChannelFlowCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "moderation",
      Processors: [processor(1)],
      ...input,
    }),
  );

test("a flow is created (201) under its app instance, with its processors and tags", async () => {
  const created = await create({ Tags: [{ Key: "team", Value: "chat" }] });
  expect(created.$metadata.httpStatusCode).toBe(201);
  expect(created.ChannelFlowArn).toMatch(new RegExp(`^${app.appInstanceArn}/channel-flow/[^/]+$`));
  const { ChannelFlow } = await t.messaging.send(
    new DescribeChannelFlowCommand({ ChannelFlowArn: created.ChannelFlowArn }),
  );
  expect(ChannelFlow).toMatchObject({ Name: "moderation", Processors: [processor(1)] });
  expect(t.endpoint.services.store.listTags(created.ChannelFlowArn as string)).toEqual([
    { Key: "team", Value: "chat" },
  ]);
});

test("the same ClientRequestToken returns the first flow; with other parameters it is a conflict", async () => {
  const first = await create({ ClientRequestToken: "flow-token-1" });
  const again = await create({ ClientRequestToken: "flow-token-1" });
  expect(again.ChannelFlowArn).toBe(first.ChannelFlowArn);
  await expect(create({ ClientRequestToken: "flow-token-1", Name: "other" })).rejects.toBeInstanceOf(ConflictException);
});

test("one processor per flow unless the quota is raised; each ExecutionOrder once", async () => {
  await expect(create({ Processors: [processor(1), processor(2)] })).rejects.toBeInstanceOf(
    ResourceLimitExceededException,
  );
  const raised = await startTestEndpoint({ config: { quotas: { processorsPerChannelFlow: 3 } } });
  try {
    const other = await createApp(raised.identity, ["bob"]);
    const send = (processors: Processor[]) =>
      raised.messaging.send(
        new CreateChannelFlowCommand({ AppInstanceArn: other.appInstanceArn, Name: "two", Processors: processors }),
      );
    const { ChannelFlowArn } = await send([processor(2, "second"), processor(1, "first")]);
    const { ChannelFlow } = await raised.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn }));
    expect(ChannelFlow?.Processors?.map((p) => p.Name)).toEqual(["first", "second"]);
    await expect(send([processor(1), processor(1)])).rejects.toBeInstanceOf(BadRequestException);
  } finally {
    await raised.close();
  }
});

test("an app instance that does not exist is Forbidden; a malformed Lambda ARN a bad request", async () => {
  await expect(create({ AppInstanceArn: `${app.appInstanceArn}0` })).rejects.toBeInstanceOf(ForbiddenException);
  const bad = {
    ...processor(1),
    Configuration: { Lambda: { ResourceArn: "arn:aws:sqs:us-east-1:1:q", InvocationType: "ASYNC" as const } },
  };
  await expect(create({ Processors: [bad] })).rejects.toBeInstanceOf(BadRequestException);
});
