/**
 * Messages over HTTP, with cognito-local tokens: messages (order, window, pagination), message,
 * sendMessage (types, persistence, idempotent retries), editMessage, redactMessage, deleteMessage.
 */
import { SendChannelMessageCommand } from "@aws-sdk/client-chime-sdk-messaging";
import {
  createChannel,
  dataOf,
  errorOf,
  MESSAGE_FIELDS,
  PAGE_INFO,
  anyString,
  containing,
  matching,
  type MessageData,
  sendMessage,
  signIn,
} from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
let admin: ApiUser;
/**
 * Added to the endpoint's clock, which stamps a message's CreatedTimestamp: moves its time forward
 * without a sleep. A few seconds stay well inside SigV4's 5-minute window (the API's clients sign with
 * the real time).
 */
let clockOffsetMs = 0;

beforeAll(async () => {
  stack = await startApiStack({ endpoint: { clock: { now: () => new Date(Date.now() + clockOffsetMs) } } });
  [alice, bob, admin] = await Promise.all([
    stack.user("alice"),
    stack.user("bob"),
    stack.user("admin", { admin: true }),
  ]);
  await Promise.all([alice, bob, admin].map((user) => signIn(stack, user)));
});

afterAll(async () => {
  await stack?.close();
});

const LIST = `query($c: ID!, $first: Int, $after: String, $order: MessageOrder, $notBefore: DateTime, $notAfter: DateTime) {
  messages(channelArn: $c, first: $first, after: $after, order: $order, notBefore: $notBefore, notAfter: $notAfter) {
    edges { cursor node { ${MESSAGE_FIELDS} } }
    ${PAGE_INFO}
  }
}`;

interface MessagePage {
  edges: { cursor: string; node: MessageData }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function list(user: ApiUser, variables: Record<string, unknown>): Promise<MessagePage> {
  return dataOf<{ messages: MessagePage }>(await stack.gql(user.token, LIST, variables)).messages;
}

async function chimeCallsDuring(run: () => Promise<unknown>) {
  const before = stack.proxy.calls.length;
  await run();
  return stack.proxy.calls.slice(before);
}

test("a non-member reading a private channel's messages gets FORBIDDEN", async () => {
  const channel = await createChannel(stack, alice, { name: "Private talk", privacy: "PRIVATE" });
  const { messageId } = await sendMessage(stack, alice, channel.arn, { content: "between us" });
  const listed = await stack.gql(bob.token, LIST, { c: channel.arn });
  expect(errorOf(listed, "FORBIDDEN").path).toEqual(["messages"]);
  expect(JSON.stringify(listed.body)).not.toContain("between us");
  const one = await stack.gql(
    bob.token,
    `query($c: ID!, $m: ID!) { message(channelArn: $c, messageId: $m) { content } }`,
    {
      c: channel.arn,
      m: messageId,
    },
  );
  errorOf(one, "FORBIDDEN");
  expect(JSON.stringify(one.body)).not.toContain("between us");
  // The member reads them.
  expect((await list(alice, { c: channel.arn })).edges.map((edge) => edge.node.content)).toEqual(["between us"]);
});

describe("sendMessage", () => {
  test("STANDARD and PERSISTENT by default, as the caller, read back", async () => {
    const channel = await createChannel(stack, alice, { name: "Chat" });
    const sent = await sendMessage(stack, alice, channel.arn, { content: "hi there", metadata: '{"k":1}' });
    expect(sent.message).toMatchObject({
      id: containing(sent.messageId),
      channelArn: channel.arn,
      messageId: sent.messageId,
      content: "hi there",
      metadata: '{"k":1}',
      type: "STANDARD",
      persistence: "PERSISTENT",
      redacted: false,
      sender: { arn: alice.arn, name: matching(/^alice-/) },
      createdAt: anyString,
      editedAt: null,
    });
  });

  test("a retry with the same clientRequestToken yields one message", async () => {
    const channel = await createChannel(stack, alice, { name: "Retries" });
    const clientRequestToken = `send-${crypto.randomUUID()}`;
    const first = await sendMessage(stack, alice, channel.arn, { content: "once", clientRequestToken });
    const retry = await sendMessage(stack, alice, channel.arn, { content: "once", clientRequestToken });
    expect(retry.messageId).toBe(first.messageId);
    const listed = await list(alice, { c: channel.arn });
    expect(listed.edges.map((edge) => edge.node.messageId)).toEqual([first.messageId]);
    // Without a token, two sends are two messages.
    await sendMessage(stack, alice, channel.arn, { content: "twice" });
    await sendMessage(stack, alice, channel.arn, { content: "twice" });
    expect((await list(alice, { c: channel.arn })).edges).toHaveLength(3);
  });

  test("CONTROL, NON_PERSISTENT: sent, never stored, so no message to read back or list", async () => {
    const channel = await createChannel(stack, alice, { name: "Typing" });
    const sent = await sendMessage(stack, alice, channel.arn, {
      content: "typing",
      type: "CONTROL",
      persistence: "NON_PERSISTENT",
    });
    expect(sent.messageId).toEqual(anyString);
    expect(sent.message).toBeNull();
    expect((await list(alice, { c: channel.arn })).edges).toEqual([]);
  });

  test("a non-member cannot send (FORBIDDEN)", async () => {
    const channel = await createChannel(stack, alice, { name: "Members only" });
    const response = await stack.gql(
      bob.token,
      `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "let me in" }) { messageId } }`,
      { c: channel.arn },
    );
    errorOf(response, "FORBIDDEN");
  });

  test.each([
    ["empty content", { content: "" }, "input.content", 4096],
    ["content over 4096 characters", { content: "x".repeat(4097) }, "input.content", 4096],
    // 4 KB in bytes of UTF-8, as Chime documents it: 1,366 three-byte characters are 4,098 bytes.
    ["content over 4096 bytes in fewer characters", { content: "€".repeat(1366) }, "input.content", 4096],
    ["metadata over 1024 bytes", { content: "hi", metadata: "é".repeat(513) }, "input.metadata", 1024],
    ["metadata over 1024 characters", { metadata: "m".repeat(1025) }, "input.metadata", 1024],
    ["a CONTROL message over 30 bytes", { type: "CONTROL", content: "é".repeat(16) }, "input.content", 30],
    ["metadata on a CONTROL message", { type: "CONTROL", content: "x", metadata: "m" }, "input.metadata", 0],
    ["a clientRequestToken of one character", { clientRequestToken: "a" }, "input.clientRequestToken", 64],
    [
      "a channel ARN of another app",
      { channelArn: "arn:aws:chime:us-east-1:1:app-instance/x/channel/y" },
      "input.channelArn",
      undefined,
    ],
  ])("%s is BAD_USER_INPUT naming the field and its limit, before any Chime call", async (_, input, field, limit) => {
    const channel = await createChannel(stack, alice, { name: "Limits" });
    const calls = await chimeCallsDuring(async () => {
      const response = await stack.gql(
        alice.token,
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }`,
        { input: { channelArn: channel.arn, content: "ok", ...input } },
      );
      const error = errorOf(response, "BAD_USER_INPUT");
      expect(error.extensions?.field).toBe(field);
      expect(error.message).toContain(field);
      if (limit !== undefined) expect(error.extensions?.limit).toBe(limit);
    });
    expect(calls).toEqual([]);
  });
});

describe("messages", () => {
  test("120 messages page through as 50 + 50 + 20, nothing lost or repeated, newest first", async () => {
    const channel = await createChannel(stack, alice, { name: "Busy" });
    const sent: string[] = [];
    for (let i = 0; i < 120; i += 1) {
      const { MessageId } = await stack.t.messaging.send(
        new SendChannelMessageCommand({
          ChannelArn: channel.arn,
          ChimeBearer: alice.arn,
          Content: `message ${i}`,
          Type: "STANDARD",
          Persistence: "PERSISTENT",
        }),
      );
      sent.push(MessageId as string);
    }
    const sizes: number[] = [];
    const seen: MessageData[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(bob, { c: channel.arn, first: 50, after });
      sizes.push(page.edges.length);
      seen.push(...page.edges.map((edge) => edge.node));
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen.map((message) => message.messageId)).toEqual([...sent].reverse());
    expect(seen.map((message) => message.content)).toEqual(sent.map((_, i) => `message ${119 - i}`));
    for (let i = 1; i < seen.length; i += 1) {
      expect(Date.parse(seen[i - 1]?.createdAt)).toBeGreaterThanOrEqual(Date.parse(seen[i]?.createdAt));
    }

    // OLDEST_FIRST in pages of 30, resuming from an edge in the middle of a page.
    const oldest = await list(bob, { c: channel.arn, first: 30, order: "OLDEST_FIRST" });
    expect(oldest.edges.map((edge) => edge.node.messageId)).toEqual(sent.slice(0, 30));
    const resumed = await list(bob, {
      c: channel.arn,
      first: 30,
      order: "OLDEST_FIRST",
      after: oldest.edges[9]?.cursor,
    });
    expect(resumed.edges.map((edge) => edge.node.messageId)).toEqual(sent.slice(10, 40));
    expect(resumed.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  test("a time window, both ends inclusive", async () => {
    const channel = await createChannel(stack, alice, { name: "Window" });
    const times: string[] = [];
    for (const content of ["one", "two", "three"]) {
      const { message } = await sendMessage(stack, alice, channel.arn, { content });
      times.push(message?.createdAt as string);
      // The next message is created a second later: the window's ends fall between distinct times.
      clockOffsetMs += 1000;
    }
    const window = await list(alice, {
      c: channel.arn,
      notBefore: times[1],
      notAfter: times[2],
      order: "OLDEST_FIRST",
    });
    expect(window.edges.map((edge) => edge.node.content)).toEqual(["two", "three"]);
    const early = await list(alice, { c: channel.arn, notAfter: times[0] });
    expect(early.edges.map((edge) => edge.node.content)).toEqual(["one"]);
    const reversed = await stack.gql(alice.token, LIST, { c: channel.arn, notBefore: times[2], notAfter: times[0] });
    expect(errorOf(reversed, "BAD_USER_INPUT").extensions?.field).toBe("notBefore");
    const notADate = await stack.gql(alice.token, LIST, { c: channel.arn, notBefore: "yesterday" });
    expect(notADate.status).toBe(400);
    expect(errorOf(notADate, "BAD_USER_INPUT").message).toContain("DateTime");
  });

  test("cursors are bound to their query and caller", async () => {
    const one = await createChannel(stack, alice, { name: "Cursor one" });
    const two = await createChannel(stack, alice, { name: "Cursor two" });
    for (const channel of [one, two]) {
      for (const content of ["a", "b", "c"]) await sendMessage(stack, alice, channel.arn, { content });
    }
    const page = await list(alice, { c: one.arn, first: 1 });
    const cursor = page.pageInfo.endCursor as string;
    expect((await list(alice, { c: one.arn, first: 1, after: cursor })).edges[0]?.node.content).toBe("b");
    for (const variables of [
      { c: two.arn, first: 1, after: cursor },
      { c: one.arn, first: 1, after: cursor, order: "OLDEST_FIRST" },
      { c: one.arn, first: 1, after: "not-a-cursor" },
      { c: one.arn, first: 1, after: Buffer.from('{"v":1,"q":"x","o":0}').toString("base64url") },
    ]) {
      expect(errorOf(await stack.gql(alice.token, LIST, variables), "BAD_USER_INPUT").extensions?.field).toBe("after");
    }
    expect(
      errorOf(await stack.gql(bob.token, LIST, { c: one.arn, first: 1, after: cursor }), "BAD_USER_INPUT"),
    ).toBeTruthy();
  });

  test.each([0, 51, -1])("first: %d is BAD_USER_INPUT (1 to 50)", async (first) => {
    const channel = await createChannel(stack, alice, { name: "Sizes" });
    const calls = await chimeCallsDuring(async () => {
      const error = errorOf(await stack.gql(alice.token, LIST, { c: channel.arn, first }), "BAD_USER_INPUT");
      expect(error.extensions).toMatchObject({ field: "first", limit: 50 });
    });
    expect(calls).toEqual([]);
  });
});

describe("editMessage, redactMessage, deleteMessage", () => {
  test("the sender edits; edits show in message and messages", async () => {
    const channel = await createChannel(stack, alice, { name: "Edits" });
    const { messageId } = await sendMessage(stack, alice, channel.arn, { content: "draft", metadata: "v1" });
    const edited = dataOf<{ editMessage: MessageData }>(
      await stack.gql(
        alice.token,
        `mutation($input: EditMessageInput!) { editMessage(input: $input) { ${MESSAGE_FIELDS} } }`,
        { input: { channelArn: channel.arn, messageId, content: "final", metadata: "v2" } },
      ),
    ).editMessage;
    expect(edited).toMatchObject({ messageId, content: "final", metadata: "v2", editedAt: anyString });
    const read = dataOf<{ message: MessageData }>(
      await stack.gql(
        bob.token,
        `query($c: ID!, $m: ID!) { message(channelArn: $c, messageId: $m) { content editedAt } }`,
        {
          c: channel.arn,
          m: messageId,
        },
      ),
    ).message;
    expect(read).toEqual({ content: "final", editedAt: edited.editedAt });
  });

  test("nobody else edits a message, not even a moderator", async () => {
    const channel = await createChannel(stack, alice, { name: "Not yours", memberArns: [bob.arn] });
    const { messageId } = await sendMessage(stack, bob, channel.arn, { content: "bob's" });
    errorOf(
      await stack.gql(
        alice.token,
        `mutation { editMessage(input: { channelArn: "${channel.arn}", messageId: "${messageId}", content: "alice's" }) { id } }`,
      ),
      "FORBIDDEN",
    );
  });

  test("the sender redacts; the message stays, blank", async () => {
    const channel = await createChannel(stack, alice, { name: "Redactions" });
    const { messageId } = await sendMessage(stack, alice, channel.arn, { content: "oops", metadata: "m" });
    const redacted = dataOf<{ redactMessage: MessageData }>(
      await stack.gql(
        alice.token,
        `mutation { redactMessage(channelArn: "${channel.arn}", messageId: "${messageId}") { ${MESSAGE_FIELDS} } }`,
      ),
    ).redactMessage;
    expect(redacted).toMatchObject({ messageId, redacted: true });
    expect(redacted.content ?? "").toBe("");
    expect(redacted.metadata ?? "").toBe("");
    expect((await list(alice, { c: channel.arn })).edges.map((edge) => edge.node.redacted)).toEqual([true]);
  });

  test("deleteMessage: admins delete any message as the backend user; others get FORBIDDEN without a Chime call", async () => {
    const channel = await createChannel(stack, alice, { name: "Deletions" });
    const { messageId } = await sendMessage(stack, alice, channel.arn, { content: "to delete" });
    const mutation = `mutation { deleteMessage(channelArn: "${channel.arn}", messageId: "${messageId}") }`;
    const refused = await chimeCallsDuring(async () => errorOf(await stack.gql(alice.token, mutation), "FORBIDDEN"));
    expect(refused).toEqual([]);
    const calls = await chimeCallsDuring(async () => {
      expect(dataOf<{ deleteMessage: string }>(await stack.gql(admin.token, mutation)).deleteMessage).toContain(
        messageId,
      );
    });
    expect(calls.map((call) => [call.method, call.bearer])).toEqual([["DELETE", stack.backendUserArn]]);
    expect((await list(alice, { c: channel.arn })).edges).toEqual([]);
    errorOf(
      await stack.gql(alice.token, `query { message(channelArn: "${channel.arn}", messageId: "${messageId}") { id } }`),
      "NOT_FOUND",
    );
  });

  test("a message id that is not one is BAD_USER_INPUT", async () => {
    const channel = await createChannel(stack, alice, { name: "Ids" });
    const error = errorOf(
      await stack.gql(alice.token, `query { message(channelArn: "${channel.arn}", messageId: "../../x") { id } }`),
      "BAD_USER_INPUT",
    );
    expect(error.extensions).toMatchObject({ field: "messageId", limit: 128 });
  });
});
