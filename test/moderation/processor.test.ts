/**
 * The moderation processor as a channel flow's processor, end to end in one process: the local
 * endpoint invokes it behind the same invoker interface as sls offline's (test/smoke proves that
 * path), it answers with ChannelFlowCallback over HTTP signed with the local moderation role's key
 * (policies/moderation-processor-role.json in force), and records denials in the DynamoDB emulator.
 * What the members and the sender see is read from their sockets and the SDK.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  ChimeSDKMessagingClient,
  GetChannelMessageCommand,
  ListChannelMessagesCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { startLocalDynamo, type LocalDynamo } from "../../local/stack/dynamo";
import { ModerationDecisions } from "../../src/moderation/decisions";
import { createModerator } from "../../src/moderation/policy";
import { createModerationProcessor } from "../../src/moderation/processor";
import { associate, createFlow, inProcessLambda } from "../support/channelFlows";
import { createChannel, sendMessage, sendMessageAnswer } from "../support/channels";
import {
  clientConfig,
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../support/localEndpoint";
import { presignConnectUrl, TestSession } from "../support/messagingSession";
import { assumeUserRole } from "../support/sts";

const FUNCTION = "chime-chat-api-test-moderationProcessor";
const TABLE = "moderation-decisions";
let t: TestEndpoint;
let app: AppFixture;
let dynamo: LocalDynamo;
let decisions: ModerationDecisions;
let processorClient: ChimeSDKMessagingClient;
let channelArn: string;
const logs: { level: string; message: string; details: unknown }[] = [];
const sessions: TestSession[] = [];

beforeAll(async () => {
  dynamo = await startLocalDynamo({ host: "127.0.0.1", port: 0, table: "limits", otherTables: [TABLE] });
  decisions = new ModerationDecisions(
    new DynamoDBClient({
      endpoint: dynamo.url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    TABLE,
  );
  const log =
    (level: string) =>
    (message: unknown, ...details: unknown[]) =>
      void logs.push({ level, message: String(message), details: details[0] });
  const processor = createModerationProcessor({
    messaging: { send: (command) => processorClient.send(command) },
    moderate: createModerator({
      words: ["darn"],
      wordAction: "deny",
      personalData: ["email", "phone", "card"],
      personalDataAction: "mask",
    }),
    decisions,
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
  });
  t = await startTestEndpoint({ lambda: inProcessLambda({ [FUNCTION]: processor }) });
  app = await createApp(t.identity, ["owner", "alice", "bob"]);
  await t.usePoliciesFor(app.appInstanceArn);
  processorClient = new ChimeSDKMessagingClient(clientConfig(t.endpoint.url, t.endpoint.account.moderationKey));
  const flowArn = await createFlow(t.messaging, app, {
    functionArns: [`arn:aws:lambda:us-east-1:111122223333:function:${FUNCTION}`],
  });
  channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await associate(t.messaging, channelArn, flowArn, app.users.owner);
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});
afterAll(async () => {
  processorClient.destroy();
  await t.close();
  await dynamo.close();
});

async function connect(user: string): Promise<TestSession> {
  const credentials = await assumeUserRole(t, user);
  const session = await TestSession.open(await presignConnectUrl(t.endpoint.port, credentials, app.users[user]));
  sessions.push(session);
  await session.waitFor("SESSION_ESTABLISHED");
  return session;
}

const send = (content: string) => sendMessage(t.messaging, channelArn, app.users.alice, content);

const createdFor = async (session: TestSession, messageId: string) => {
  for (let count = 1; ; count++) {
    const found = (await session.waitFor("CREATE_CHANNEL_MESSAGE", count)).find(
      (frame) => frame.payload?.MessageId === messageId,
    );
    if (found) return found.payload;
  }
};

test("a clean message reaches the members unchanged", async () => {
  const bob = await connect("bob");
  const messageId = await send("see you at noon");
  expect(await createdFor(bob, messageId)).toMatchObject({ Content: "see you at noon", Status: { Value: "SENT" } });
  // The processor logs once its callback has been answered, which may be after the event went out.
  for (let i = 0; i < 100 && !logs.some((entry) => JSON.stringify(entry).includes(messageId)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(logs).toContainEqual({
    level: "info",
    message: "Message moderated",
    details: { channelArn, messageId, action: "allow" },
  });
});

test("personal data is masked before anyone sees it", async () => {
  const bob = await connect("bob");
  const messageId = await send("mail me at bob@example.com or +1 202 555 0143");
  expect(await createdFor(bob, messageId)).toMatchObject({ Content: "mail me at [email] or [phone]" });
  const { ChannelMessage } = await t.messaging.send(
    new GetChannelMessageCommand({ ChannelArn: channelArn, MessageId: messageId, ChimeBearer: app.users.owner }),
  );
  expect(ChannelMessage?.Content).toBe("mail me at [email] or [phone]");
});

test("a listed word: DENIED to the sender, nothing to anyone else, the reason kept for the sender", async () => {
  const [alice, bob] = [await connect("alice"), await connect("bob")];
  const messageId = await send("well darn");
  const [denied] = await alice.waitFor("DENIED_CREATE_CHANNEL_MESSAGE");
  expect(denied.payload).toMatchObject({ MessageId: messageId, Status: { Value: "DENIED" } });
  expect(bob.frames.map((frame) => frame.type)).toEqual(["SESSION_ESTABLISHED"]);
  const { ChannelMessages } = await t.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
  );
  expect(ChannelMessages?.map((m) => m.MessageId)).not.toContain(messageId);
  expect(await decisions.denialOf(channelArn, messageId)).toMatchObject({
    senderArn: app.users.alice,
    reason: "The message contains a listed word.",
  });
  // The log names the decision, never the content.
  expect(JSON.stringify(logs)).not.toContain("well darn");
});

test("the processor's role may answer the flow and nothing else", async () => {
  await expect(sendMessageAnswer(processorClient, channelArn, app.users.alice, "impersonation")).rejects.toMatchObject({
    name: "AccessDeniedException",
  });
});

test("an event that is not a channel message event is logged and left alone", async () => {
  const processor = createModerationProcessor({
    messaging: {
      send: () => {
        throw new Error("no callback expected");
      },
    },
    moderate: () => ({ action: "allow" }),
    logger: {
      info: () => undefined,
      warn: (message) =>
        void logs.push({ level: "warn", message: typeof message === "string" ? message : "?", details: {} }),
      error: () => undefined,
    },
  });
  await processor({ EventType: "SOMETHING_ELSE" });
  expect(logs).toContainEqual({
    level: "warn",
    message: "Not a channel flow event; nothing to call back",
    details: {},
  });
});
