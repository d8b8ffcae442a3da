/**
 * TagResource on every taggable kind (app instance, user, channel, channel flow), through both SDK clients (the
 * operation has one binding in both services), with AWS's tagging limits; and the IAM conditions on
 * tags: aws:RequestTag and aws:TagKeys on the request, aws:ResourceTag on the resources an action names.
 */
import {
  BadRequestException,
  CreateAppInstanceUserCommand,
  ForbiddenException,
  ListTagsForResourceCommand as ListIdentityTagsCommand,
  TagResourceCommand as TagIdentityResourceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  ChimeSDKMessagingClient,
  CreateChannelFlowCommand,
  DeleteChannelFlowCommand,
  DescribeChannelFlowCommand,
  ListTagsForResourceCommand,
  ResourceLimitExceededException,
  SendChannelMessageCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createFlow, TEST_FUNCTION_ARN } from "../../../../test/support/channelFlows";
import { createChannel } from "../../../../test/support/channels";
import {
  clientConfig,
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

describe("TagResource", () => {
  let t: TestEndpoint;
  let app: AppFixture;
  beforeAll(async () => {
    t = await startTestEndpoint();
    app = await createApp(t.identity, ["alice", "bob"]);
  });
  afterAll(() => t.close());

  const tagsOf = async (arn: string) =>
    (await t.messaging.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags;

  test("tags an app instance, a user and a channel (204), a key again taking the new value", async () => {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    for (const arn of [app.appInstanceArn, app.users.bob, channelArn]) {
      const result = await t.messaging.send(
        new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "team", Value: "a" }] }),
      );
      expect(result.$metadata.httpStatusCode).toBe(204);
      await t.identity.send(
        new TagIdentityResourceCommand({
          ResourceARN: arn,
          Tags: [
            { Key: "team", Value: "b" },
            { Key: "Cost", Value: "1" },
          ],
        }),
      );
      expect(await tagsOf(arn)).toEqual([
        { Key: "Cost", Value: "1" },
        { Key: "team", Value: "b" },
      ]);
    }
  });

  test("a resource has at most 50 tags; replacing a key adds none", async () => {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    const tags = (from: number, count: number): Tag[] =>
      Array.from({ length: count }, (_, i) => ({ Key: `k${from + i}`, Value: "v" }));
    await t.messaging.send(new TagResourceCommand({ ResourceARN: channelArn, Tags: tags(0, 50) }));
    await t.messaging.send(new TagResourceCommand({ ResourceARN: channelArn, Tags: [{ Key: "k0", Value: "w" }] }));
    await expect(
      t.messaging.send(new TagResourceCommand({ ResourceARN: channelArn, Tags: tags(50, 1) })),
    ).rejects.toBeInstanceOf(ResourceLimitExceededException);
    expect(await tagsOf(channelArn)).toHaveLength(50);
  });

  test("keys beginning with aws: are AWS's own", async () => {
    await expect(
      t.identity.send(
        new TagIdentityResourceCommand({ ResourceARN: app.appInstanceArn, Tags: [{ Key: "AWS:x", Value: "v" }] }),
      ),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  test("a resource that does not exist, or is not taggable, is forbidden", async () => {
    for (const arn of [
      `${app.appInstanceArn}/channel/none`,
      `${app.appInstanceArn}/user/none`,
      "arn:aws:s3:::bucket",
    ]) {
      await expect(
        t.identity.send(new TagIdentityResourceCommand({ ResourceARN: arn, Tags: [{ Key: "k", Value: "v" }] })),
      ).rejects.toBeInstanceOf(ForbiddenException);
    }
  });

  test("a channel flow: tags given to CreateChannelFlow, tagged and untagged through both clients, gone with it", async () => {
    const { ChannelFlowArn } = await t.messaging.send(
      new CreateChannelFlowCommand({
        AppInstanceArn: app.appInstanceArn,
        Name: "tagged flow",
        Processors: [
          {
            Name: "p",
            ExecutionOrder: 1,
            FallbackAction: "ABORT",
            Configuration: { Lambda: { ResourceArn: TEST_FUNCTION_ARN, InvocationType: "ASYNC" } },
          },
        ],
        Tags: [{ Key: "team", Value: "trust-and-safety" }],
      }),
    );
    const flowArn = ChannelFlowArn as string;
    expect(await tagsOf(flowArn)).toEqual([{ Key: "team", Value: "trust-and-safety" }]);
    const tagged = await t.identity.send(
      new TagIdentityResourceCommand({ ResourceARN: flowArn, Tags: [{ Key: "cost", Value: "moderation" }] }),
    );
    expect(tagged.$metadata.httpStatusCode).toBe(204);
    await t.messaging.send(new UntagResourceCommand({ ResourceARN: flowArn, TagKeys: ["team"] }));
    const { Tags } = await t.identity.send(new ListIdentityTagsCommand({ ResourceARN: flowArn }));
    expect(Tags).toEqual([{ Key: "cost", Value: "moderation" }]);

    await t.messaging.send(new DeleteChannelFlowCommand({ ChannelFlowArn: flowArn }));
    const forbidden = { name: "ForbiddenException", $metadata: { httpStatusCode: 403 } };
    await expect(t.messaging.send(new ListTagsForResourceCommand({ ResourceARN: flowArn }))).rejects.toMatchObject(
      forbidden,
    );
    await expect(
      t.messaging.send(new TagResourceCommand({ ResourceARN: flowArn, Tags: [{ Key: "k", Value: "v" }] })),
    ).rejects.toMatchObject(forbidden);
  });

  test("tags given at creation are listed too", async () => {
    const { AppInstanceUserArn } = await t.identity.send(
      new CreateAppInstanceUserCommand({
        AppInstanceArn: app.appInstanceArn,
        AppInstanceUserId: "tagged",
        Name: "tagged",
        Tags: [{ Key: "kind", Value: "guest" }],
      }),
    );
    const { Tags } = await t.identity.send(new ListIdentityTagsCommand({ ResourceARN: AppInstanceUserArn }));
    expect(Tags).toEqual([{ Key: "kind", Value: "guest" }]);
  });
});

describe("IAM's tag conditions", () => {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "chime:*", Resource: "*" },
      {
        Sid: "NothingInALockedChannel",
        Effect: "Deny",
        Action: "chime:SendChannelMessage",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/locked": "yes" } },
      },
      {
        Sid: "NoReadingALockedFlow",
        Effect: "Deny",
        Action: "chime:DescribeChannelFlow",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/locked": "yes" } },
      },
      {
        Sid: "NoProdTags",
        Effect: "Deny",
        Action: "chime:TagResource",
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestTag/env": "prod" } },
      },
      {
        Sid: "KeepTheOwnerTag",
        Effect: "Deny",
        Action: "chime:UntagResource",
        Resource: "*",
        Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["owner"] } },
      },
    ],
  });
  let t: TestEndpoint;
  let app: AppFixture;
  let server: ChimeSDKMessagingClient;
  beforeAll(async () => {
    t = await startTestEndpoint({ account: { policyTemplates: { "server-role": policy } } });
    app = await createApp(t.identity, ["alice"]);
    await t.usePoliciesFor(app.appInstanceArn);
    server = new ChimeSDKMessagingClient(clientConfig(t.endpoint.url, t.credentials.server));
  });
  afterAll(async () => {
    server.destroy();
    await t.close();
  });

  const send = (channelArn: string) =>
    server.send(
      new SendChannelMessageCommand({
        ChannelArn: channelArn,
        ChimeBearer: app.users.alice,
        Content: "hi",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
      }),
    );

  test("aws:ResourceTag is the tags of the resource the action names, as they are now", async () => {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    const sent = { ChannelArn: channelArn, Status: { Value: "SENT" } };
    await expect(send(channelArn)).resolves.toMatchObject(sent);
    await server.send(new TagResourceCommand({ ResourceARN: channelArn, Tags: [{ Key: "Locked", Value: "yes" }] }));
    await expect(send(channelArn)).rejects.toMatchObject({ name: "AccessDeniedException" });
    await server.send(new UntagResourceCommand({ ResourceARN: channelArn, TagKeys: ["Locked"] }));
    await expect(send(channelArn)).resolves.toMatchObject(sent);
  });

  test("aws:ResourceTag reads a channel flow's tags too", async () => {
    const flowArn = await createFlow(t.messaging, app);
    const describe = () => server.send(new DescribeChannelFlowCommand({ ChannelFlowArn: flowArn }));
    await expect(describe()).resolves.toMatchObject({ ChannelFlow: { ChannelFlowArn: flowArn } });
    await server.send(new TagResourceCommand({ ResourceARN: flowArn, Tags: [{ Key: "locked", Value: "yes" }] }));
    await expect(describe()).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  test("aws:RequestTag is the tags a request sets; aws:TagKeys the keys it sets or removes", async () => {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
    await expect(
      server.send(new TagResourceCommand({ ResourceARN: channelArn, Tags: [{ Key: "env", Value: "prod" }] })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    await server.send(new TagResourceCommand({ ResourceARN: channelArn, Tags: [{ Key: "owner", Value: "ops" }] }));
    await expect(
      server.send(new UntagResourceCommand({ ResourceARN: channelArn, TagKeys: ["owner"] })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    const { Tags } = await server.send(new ListTagsForResourceCommand({ ResourceARN: channelArn }));
    expect(Tags).toEqual([{ Key: "owner", Value: "ops" }]);
  });
});
