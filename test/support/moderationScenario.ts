/**
 * The end-to-end case of moderation, as users live it, against any stack with moderation on
 * (test/e2e/moderation.test.ts: the API stack in-process; test/smoke: the real `npm start`, its
 * processor run by sls offline): alice and bob, each with an unmodified amazon-chime-sdk-js
 * DefaultMessagingSession over wss:// (credentials from the API), in a channel alice creates through
 * GraphQL. A clean message reaches bob's session; a message with a listed word reaches nobody, and
 * alice reads DENIED with its reason through GraphQL. Needs webSocketGlobals.ts's globals installed.
 * Throws an Error naming what went wrong; returns what it saw, for the log.
 */
import { sdkSession, type SdkSession } from "./sdkMessagingSession";

export interface ScenarioUser {
  token: string;
  arn: string;
}

export interface ModerationScenarioTarget {
  /** A GraphQL request with the user's token; the body as parsed JSON. */
  graphql(token: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlBody>;
  /** The endpoint's HTTPS URL and the certificate it serves (sessions connect with wss://). */
  awsTlsEndpoint: string;
  ca: string;
  alice: ScenarioUser;
  bob: ScenarioUser;
  /** A word the stack's moderation denies. */
  listedWord: string;
}

interface GraphqlBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Moderation end to end: ${message}`);
}

async function data<T>(body: Promise<GraphqlBody>, what: string): Promise<T> {
  const answer = await body;
  assert(!answer.errors && answer.data, `${what}: ${JSON.stringify(answer)}`);
  return answer.data as T;
}

const CREDENTIALS = "mutation { credentials { accessKeyId secretAccessKey sessionToken userArn } }";
const SEND = `mutation($c: ID!, $text: String!) {
  sendMessage(input: { channelArn: $c, content: $text }) { messageId status { value } }
}`;
const STATUS = "query($c: ID!, $m: ID!) { messageStatus(channelArn: $c, messageId: $m) { value detail } }";
const MESSAGES = "query($c: ID!) { messages(channelArn: $c, first: 50) { edges { node { messageId content } } } }";

export async function runModerationScenario(target: ModerationScenarioTarget): Promise<string[]> {
  const { alice, bob } = target;
  const seen: string[] = [];
  const { createChannel } = await data<{ createChannel: { arn: string } }>(
    target.graphql(
      alice.token,
      'mutation($m: [ID!]) { createChannel(input: { name: "moderated", memberArns: $m }) { arn } }',
      {
        m: [bob.arn],
      },
    ),
    "createChannel",
  );
  const channelArn = createChannel.arn;

  const sessions: SdkSession[] = [];
  try {
    for (const user of [alice, bob]) {
      const { credentials } = await data<{
        credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; userArn: string };
      }>(target.graphql(user.token, CREDENTIALS), "credentials");
      assert(credentials.userArn === user.arn, `credentials for ${credentials.userArn}`);
      const session = sdkSession({
        endpoint: target.awsTlsEndpoint,
        ca: target.ca,
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
        userArn: user.arn,
      });
      sessions.push(session);
      await session.session.start();
      await session.observer.waitForLifecycle("started");
    }
    const [aliceSession, bobSession] = sessions;
    const send = async (content: string) =>
      (
        await data<{ sendMessage: { messageId: string; status: { value: string } } }>(
          target.graphql(alice.token, SEND, { c: channelArn, text: content }),
          "sendMessage",
        )
      ).sendMessage;
    const bobReceived = async (content: string) => {
      for (let count = 1; ; count++) {
        const events = await bobSession.observer.waitFor("CREATE_CHANNEL_MESSAGE", count, channelArn, 30_000);
        const found = events.find((event) => event.payload?.Content === content);
        if (found) return found;
      }
    };

    // A clean message: PENDING to alice, then delivered to bob's session as sent.
    const clean = await send("hello bob, lunch at noon?");
    assert(clean.status.value === "PENDING", `the clean message's status: ${clean.status.value}`);
    const delivered = await bobReceived("hello bob, lunch at noon?");
    assert(
      delivered.payload?.MessageId === clean.messageId &&
        (delivered.payload.Status as { Value?: string })?.Value === "SENT",
      `bob received ${JSON.stringify(delivered.payload)}`,
    );
    seen.push("a clean message delivered to bob's DefaultMessagingSession");

    // A listed word: PENDING, then DENIED with its reason, through GraphQL.
    const denied = await send(`well ${target.listedWord} it`);
    assert(denied.status.value === "PENDING", `the denied message's status at first: ${denied.status.value}`);
    let status = { value: "PENDING", detail: null as string | null };
    for (let attempt = 0; attempt < 300 && status.value === "PENDING"; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      ({ messageStatus: status } = await data<{ messageStatus: typeof status }>(
        target.graphql(alice.token, STATUS, { c: channelArn, m: denied.messageId }),
        "messageStatus",
      ));
    }
    assert(
      status.value === "DENIED" && status.detail === "The message contains a listed word.",
      `alice's messageStatus: ${JSON.stringify(status)}`,
    );
    seen.push(`DENIED to its sender through GraphQL ("${status.detail}")`);
    const aliceEvents = aliceSession.observer.messages
      .filter((event) => event.payload?.MessageId === denied.messageId)
      .map((event) => event.type);
    await aliceSession.observer.waitFor("DENIED_CREATE_CHANNEL_MESSAGE", 1, channelArn, 10_000);
    assert(aliceEvents.includes("PENDING_CREATE_CHANNEL_MESSAGE"), `alice's events: ${aliceEvents.join(", ")}`);

    // It reached nobody: bob gets the message sent after it, and never heard of it.
    await send("after the denied one");
    await bobReceived("after the denied one");
    const bobHeard = bobSession.observer.messages.filter((event) => event.payload?.MessageId === denied.messageId);
    assert(bobHeard.length === 0, `bob heard of the denied message: ${bobHeard.map((event) => event.type).join(", ")}`);
    const { messages } = await data<{ messages: { edges: { node: { messageId: string; content: string } }[] } }>(
      target.graphql(bob.token, MESSAGES, { c: channelArn }),
      "messages",
    );
    const listed = messages.edges.map((edge) => edge.node.messageId);
    assert(listed.includes(clean.messageId) && !listed.includes(denied.messageId), `bob's list: ${listed.join(", ")}`);
    seen.push("nothing of it to bob's session or list");
    return seen;
  } finally {
    for (const session of sessions) session.close();
  }
}
