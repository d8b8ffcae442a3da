/**
 * The ChannelFlow custom resource handler (moderation=true) over real HTTP against the local endpoint:
 * its Chime calls signed with the developer key (package's moderation test checks the deployed role's
 * policy suffices), its answers recorded as CloudFormation would read them. Create, Update in place,
 * Update onto another app instance, and Delete, which first frees the channels that run the flow.
 */
import { randomUUID } from "node:crypto";
import {
  ChimeSDKMessagingClient,
  DescribeChannelFlowCommand,
  ListChannelsAssociatedWithChannelFlowCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { Context } from "aws-lambda";
import { createChannelFlowResourceHandler } from "../../src/bootstrap/channelFlowResource";
import type { BootstrapEvent } from "../../src/bootstrap/customResource";
import { associate } from "../support/channelFlows";
import { createChannel } from "../support/channels";
import {
  clientConfig,
  createApp,
  makeAdmin,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../support/localEndpoint";

const STACK_ID =
  "arn:aws:cloudformation:us-east-1:111122223333:stack/chime-chat-api-test/4a6b7c1e-0000-4000-8000-0000000000f1";
const PROCESSOR = "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-test-moderationProcessor";

interface Answer {
  Status: "SUCCESS" | "FAILED";
  Reason?: string;
  PhysicalResourceId: string;
  Data?: { ChannelFlowArn: string };
}

let t: TestEndpoint;
let app: AppFixture;
let messaging: ChimeSDKMessagingClient;
const answers = new Map<string, Answer>();
let handler: ReturnType<typeof createChannelFlowResourceHandler>;

beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["backend_worker", "alice"]);
  await makeAdmin(t.identity, app, "backend_worker");
  messaging = new ChimeSDKMessagingClient(clientConfig(t.endpoint.url, t.credentials.developer));
  handler = createChannelFlowResourceHandler({
    messaging,
    logger: { info: () => undefined, error: () => undefined },
    respond: (url, body) => {
      answers.set(url, JSON.parse(body) as Answer);
      return Promise.resolve();
    },
  });
});
afterAll(async () => {
  messaging.destroy();
  await t.close();
});

const context = { logStreamName: "2026/12/01/[$LATEST]flow", getRemainingTimeInMillis: () => 60_000 } as Context;

function properties(overrides: Record<string, string> = {}) {
  return {
    ServiceToken: "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-test-appInstanceBootstrap",
    AppInstanceArn: app.appInstanceArn,
    Name: "chime-chat-api-test-moderation",
    ProcessorLambdaArn: PROCESSOR,
    FallbackAction: "ABORT",
    BackendUserArn: app.users.backend_worker,
    ...overrides,
  };
}

async function send(request: Record<string, unknown>): Promise<Answer> {
  const url = `https://cloudformation-responses.example/${randomUUID()}`;
  await handler(
    {
      ResponseURL: url,
      StackId: STACK_ID,
      RequestId: randomUUID(),
      LogicalResourceId: "ModerationChannelFlow",
      ResourceType: "Custom::ChimeChannelFlow",
      ResourceProperties: properties(),
      ...request,
    } as unknown as BootstrapEvent,
    context,
  );
  return answers.get(url) as Answer;
}

const describeFlow = async (arn: string) =>
  (await messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: arn }))).ChannelFlow;

test("Create makes the flow of one ASYNC processor, named by its ARN; a repeated delivery makes no second one", async () => {
  const request = { RequestType: "Create", RequestId: randomUUID() };
  const created = await send(request);
  expect(created.Status).toBe("SUCCESS");
  expect(created.PhysicalResourceId).toMatch(new RegExp(`^${app.appInstanceArn}/channel-flow/`));
  expect(created.Data).toEqual({ ChannelFlowArn: created.PhysicalResourceId });
  expect(await describeFlow(created.PhysicalResourceId)).toMatchObject({
    Name: "chime-chat-api-test-moderation",
    Processors: [
      {
        ExecutionOrder: 1,
        FallbackAction: "ABORT",
        Configuration: { Lambda: { ResourceArn: PROCESSOR, InvocationType: "ASYNC" } },
      },
    ],
  });
  expect((await send(request)).PhysicalResourceId).toBe(created.PhysicalResourceId);
});

test("Update changes the flow in place; onto another app instance it makes a new one", async () => {
  const { PhysicalResourceId: arn } = await send({ RequestType: "Create" });
  const updated = await send({
    RequestType: "Update",
    PhysicalResourceId: arn,
    ResourceProperties: properties({ FallbackAction: "CONTINUE" }),
  });
  expect(updated).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: arn });
  expect((await describeFlow(arn))?.Processors?.[0].FallbackAction).toBe("CONTINUE");

  const other = await createApp(t.identity, ["backend_worker"]);
  const moved = await send({
    RequestType: "Update",
    PhysicalResourceId: arn,
    ResourceProperties: properties({ AppInstanceArn: other.appInstanceArn }),
  });
  expect(moved.Status).toBe("SUCCESS");
  expect(moved.PhysicalResourceId).toMatch(new RegExp(`^${other.appInstanceArn}/channel-flow/`));
});

test("Delete frees every channel of the flow, then deletes it; their messages are sent at once after", async () => {
  const { PhysicalResourceId: arn } = await send({ RequestType: "Create" });
  const channels: string[] = [];
  for (let i = 0; i < 3; i++) {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    await associate(t.messaging, channelArn, arn, app.users.alice);
    channels.push(channelArn);
  }
  const listed = await messaging.send(new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: arn }));
  expect(listed.Channels).toHaveLength(3);

  const deleted = await send({ RequestType: "Delete", PhysicalResourceId: arn });
  expect(deleted).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: arn });
  await expect(describeFlow(arn)).rejects.toMatchObject({ name: "ForbiddenException" });
  const { Status } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channels[0],
      ChimeBearer: app.users.alice,
      Content: "free again",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  expect(Status?.Value).toBe("SENT");
  // Gone already: a repeated Delete succeeds.
  expect((await send({ RequestType: "Delete", PhysicalResourceId: arn })).Status).toBe("SUCCESS");
});

test("bad properties fail the Create with a reason naming them; its rollback deletes nothing", async () => {
  const failed = await send({ RequestType: "Create", ResourceProperties: properties({ FallbackAction: "MAYBE" }) });
  expect(failed.Status).toBe("FAILED");
  expect(failed.Reason).toContain("FallbackAction must be CONTINUE or ABORT.");
  expect(failed.PhysicalResourceId).not.toMatch(/channel-flow/);
  expect((await send({ RequestType: "Delete", PhysicalResourceId: failed.PhysicalResourceId })).Status).toBe("SUCCESS");
});
