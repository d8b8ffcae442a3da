/**
 * Channels over HTTP, with cognito-local tokens: me, channel, channels, myChannels (read state),
 * createChannel, updateChannel, deleteChannel, markChannelRead, messagingSessionEndpoint.
 */
import {
  anyString,
  CHANNEL_FIELDS,
  containing,
  createChannel,
  dataOf,
  errorOf,
  matching,
  PAGE_INFO,
  sendMessage,
  signIn,
  type ChannelData,
  type Page,
} from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

interface MyChannel {
  id: string;
  membershipType: string;
  readMarkerAt: string | null;
  lastMessageAt: string | null;
  hasUnread: boolean;
  channel: { arn: string; name: string };
}

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
let admin: ApiUser;

beforeAll(async () => {
  stack = await startApiStack();
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

/** Chime calls the API made while `run` ran. */
async function chimeCallsDuring(run: () => Promise<unknown>) {
  const before = stack.proxy.calls.length;
  await run();
  return stack.proxy.calls.slice(before);
}

test("me: the caller from the token (cognito-local ID token)", async () => {
  const data = dataOf<{ me: Record<string, unknown> }>(
    await stack.gql(alice.token, "{ me { id arn userId name isAdmin } }"),
  );
  expect(data.me).toEqual({
    id: alice.arn,
    arn: alice.arn,
    userId: alice.sub,
    name: matching(/^alice-.*@example\.com$/),
    isAdmin: false,
  });
  expect(dataOf<{ me: unknown }>(await stack.gql(admin.token, "{ me { isAdmin } }")).me).toEqual({ isAdmin: true });
});

describe("createChannel", () => {
  test("creates as the caller, with members and moderators, and reads it back", async () => {
    const channel = await createChannel(stack, alice, {
      name: "Design",
      mode: "RESTRICTED",
      privacy: "PRIVATE",
      metadata: '{"topic":"ui"}',
      memberArns: [bob.arn],
      moderatorArns: [bob.arn],
    });
    expect(channel).toMatchObject({
      id: channel.arn,
      arn: matching(new RegExp(`^${stack.appInstanceArn}/channel/`)),
      name: "Design",
      mode: "RESTRICTED",
      privacy: "PRIVATE",
      metadata: '{"topic":"ui"}',
      createdBy: { id: alice.arn, arn: alice.arn, userId: alice.sub },
      createdAt: matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      lastMessageAt: null,
    });
    const members = dataOf<{ members: Page<{ member: { arn: string } }> }>(
      await stack.gql(bob.token, `query($c: ID!) { members(channelArn: $c) { edges { node { member { arn } } } } }`, {
        c: channel.arn,
      }),
    );
    expect(
      members.members.edges.map((edge: { node: { member: { arn: string } } }) => edge.node.member.arn).sort(),
    ).toEqual([alice.arn, bob.arn].sort());
  });

  test("defaults: UNRESTRICTED and PUBLIC", async () => {
    expect(await createChannel(stack, alice, { name: "General" })).toMatchObject({
      mode: "UNRESTRICTED",
      privacy: "PUBLIC",
    });
  });

  test("a retry with the same clientRequestToken creates one channel", async () => {
    const token = `create-${Date.now()}`;
    const first = await createChannel(stack, alice, { name: "Once", clientRequestToken: token });
    const second = await createChannel(stack, alice, { name: "Once", clientRequestToken: token });
    expect(second.arn).toBe(first.arn);
  });

  test.each([
    ["an empty name", { name: "" }, "input.name", 256],
    ["a name of spaces", { name: "   " }, "input.name", 256],
    ["a name too long", { name: "x".repeat(257) }, "input.name", 256],
    ["metadata too long", { metadata: "m".repeat(1025) }, "input.metadata", 1024],
    ["11 members", { memberArns: Array.from({ length: 11 }, (_, i) => `${"x"}${i}`) }, "input.memberArns", 10],
    [
      "a member that is no user ARN",
      { memberArns: ["arn:aws:iam::111122223333:user/x"] },
      "input.memberArns[0]",
      undefined,
    ],
    ["a bad clientRequestToken", { clientRequestToken: "a b" }, "input.clientRequestToken", 64],
  ])("%s is BAD_USER_INPUT naming the field, before any Chime call", async (_, input, field, limit) => {
    const calls = await chimeCallsDuring(async () => {
      const response = await stack.gql(
        alice.token,
        `mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }`,
        { input: { name: "ok", ...input } },
      );
      const error = errorOf(response, "BAD_USER_INPUT");
      expect(error.message).toContain(field);
      expect(error.extensions?.field).toBe(field);
      if (limit !== undefined) {
        expect(error.extensions?.limit).toBe(limit);
        expect(error.message).toContain(String(limit));
      }
    });
    expect(calls).toEqual([]);
  });
});

describe("channel", () => {
  test("public channels are readable by anyone; private ones by members only (FORBIDDEN otherwise)", async () => {
    const open = await createChannel(stack, alice, { name: "Open" });
    const closed = await createChannel(stack, alice, { name: "Closed", privacy: "PRIVATE" });
    const query = `query($arn: ID!) { channel(arn: $arn) { ${CHANNEL_FIELDS} } }`;
    expect(dataOf<{ channel: ChannelData }>(await stack.gql(bob.token, query, { arn: open.arn })).channel).toEqual(
      open,
    );
    expect(
      dataOf<{ channel: ChannelData }>(await stack.gql(alice.token, query, { arn: closed.arn })).channel.name,
    ).toBe("Closed");
    const refused = await stack.gql(bob.token, query, { arn: closed.arn });
    expect(errorOf(refused, "FORBIDDEN").path).toEqual(["channel"]);
    expect(refused.body.data).toEqual({ channel: null });
  });

  test("an ARN of another app instance is BAD_USER_INPUT, without a Chime call", async () => {
    const calls = await chimeCallsDuring(async () => {
      const response = await stack.gql(
        alice.token,
        `{ channel(arn: "arn:aws:chime:us-east-1:111122223333:app-instance/other/channel/x") { id } }`,
      );
      expect(errorOf(response, "BAD_USER_INPUT").extensions?.field).toBe("arn");
    });
    expect(calls).toEqual([]);
  });
});

describe("channels", () => {
  test("PUBLIC channels, paged, for everybody", async () => {
    const names = ["p1", "p2", "p3"];
    for (const name of names) await createChannel(stack, bob, { name: `list-${name}` });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const data: { channels: Page<{ name: string; privacy: string }> } = dataOf(
        await stack.gql(
          alice.token,
          `query($after: String) { channels(first: 2, after: $after) { edges { cursor node { name privacy } } ${PAGE_INFO} } }`,
          { after },
        ),
      );
      const { edges, pageInfo } = data.channels;
      expect(edges.length).toBeLessThanOrEqual(2);
      for (const edge of edges) {
        expect(edge.node.privacy).toBe("PUBLIC");
        seen.push(edge.node.name);
      }
      expect(pageInfo.hasPreviousPage).toBe(false);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(expect.arrayContaining(names.map((name) => `list-${name}`)) as string[]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("PRIVATE channels: admins list them as the backend user; others get FORBIDDEN without a Chime call", async () => {
    const secret = await createChannel(stack, alice, { name: "Secret", privacy: "PRIVATE" });
    const query = `{ channels(privacy: PRIVATE, first: 50) { edges { node { arn privacy } } } }`;
    const calls = await chimeCallsDuring(async () => {
      const data = dataOf<{ channels: Page<{ arn: string }> }>(await stack.gql(admin.token, query));
      expect(data.channels.edges.map((edge: { node: { arn: string } }) => edge.node.arn)).toContain(secret.arn);
    });
    expect(calls.map((call) => call.bearer)).toEqual([stack.backendUserArn]);
    const refused = await chimeCallsDuring(async () => errorOf(await stack.gql(bob.token, query), "FORBIDDEN"));
    expect(refused).toEqual([]);
  });
});

describe("myChannels and markChannelRead", () => {
  test("the caller's channels with last message time, read marker and unread flag", async () => {
    const carol = await stack.user("carol");
    await signIn(stack, carol);
    const channel = await createChannel(stack, alice, { name: "Reading", memberArns: [carol.arn] });
    const query = `{ myChannels(first: 50) { edges { node { id membershipType readMarkerAt lastMessageAt hasUnread channel { arn name } } } ${PAGE_INFO} } }`;
    const mine = async () =>
      dataOf<{ myChannels: Page<MyChannel> }>(await stack.gql(carol.token, query))
        .myChannels.edges.map((edge) => edge.node)
        .find((node) => node.channel.arn === channel.arn);

    expect(await mine()).toEqual({
      id: containing(channel.arn),
      membershipType: "DEFAULT",
      readMarkerAt: null,
      lastMessageAt: null,
      hasUnread: false,
      channel: { arn: channel.arn, name: "Reading" },
    });
    await sendMessage(stack, alice, channel.arn, { content: "news" });
    const unread = await mine();
    expect(unread?.lastMessageAt).toEqual(anyString);
    expect(unread?.hasUnread).toBe(true);

    const marked = dataOf<{ markChannelRead: MyChannel }>(
      await stack.gql(
        carol.token,
        `mutation($c: ID!) { markChannelRead(channelArn: $c) { id readMarkerAt lastMessageAt hasUnread channel { arn } } }`,
        { c: channel.arn },
      ),
    ).markChannelRead;
    expect(marked).toMatchObject({ id: unread?.id, hasUnread: false, channel: { arn: channel.arn } });
    expect(Date.parse(marked.readMarkerAt ?? "")).toBeGreaterThanOrEqual(Date.parse(marked.lastMessageAt ?? ""));
    expect(await mine()).toMatchObject({ hasUnread: false, readMarkerAt: marked.readMarkerAt });
  });

  test("unread: others' messages after the read marker, counted only for channels with news, capped at 50", async () => {
    const carol = await stack.user("carol");
    await signIn(stack, carol);
    const [quiet, busy, flooded] = await Promise.all(
      ["Quiet", "Busy", "Flooded"].map((name) => createChannel(stack, alice, { name, memberArns: [carol.arn] })),
    );
    await sendMessage(stack, alice, quiet.arn, { content: "read already" });
    await stack.gql(carol.token, `mutation($c: ID!) { markChannelRead(channelArn: $c) { id } }`, { c: quiet.arn });
    // Busy: 3 from alice, 1 of carol's own, 1 redacted, 1 persistent CONTROL; only alice's 3 visible ones count.
    for (const content of ["one", "two", "three"]) await sendMessage(stack, alice, busy.arn, { content });
    await sendMessage(stack, carol, busy.arn, { content: "mine" });
    const redacted = await sendMessage(stack, alice, busy.arn, { content: "oops" });
    await stack.gql(alice.token, `mutation($c: ID!, $m: ID!) { redactMessage(channelArn: $c, messageId: $m) { id } }`, {
      c: busy.arn,
      m: redacted.messageId,
    });
    await sendMessage(stack, alice, busy.arn, { content: "ping", type: "CONTROL" });
    for (let n = 0; n < 51; n++) await sendMessage(stack, alice, flooded.arn, { content: `flood ${n}` });

    const query = `{ myChannels(first: 50) { edges { node { hasUnread unread { count capped } channel { arn } } } } }`;
    const calls = await chimeCallsDuring(async () => {
      const nodes = dataOf<{ myChannels: Page<MyChannel & { unread: unknown }> }>(
        await stack.gql(carol.token, query),
      ).myChannels.edges.map((edge) => edge.node);
      const unreadOf = (arn: string) => nodes.find((node) => node.channel.arn === arn)?.unread;
      expect(unreadOf(quiet.arn)).toEqual({ count: 0, capped: false });
      expect(unreadOf(busy.arn)).toEqual({ count: 3, capped: false });
      // More than 50 messages after the marker: a lower bound, flagged.
      expect(unreadOf(flooded.arn)).toEqual({ count: 50, capped: true });
    });
    // One list of memberships, then one page of messages for each channel with news (not for Quiet).
    const listed = calls.filter((call) => call.path.endsWith("/messages")).map((call) => call.path);
    expect(listed.sort()).toEqual([`/channels/${busy.arn}/messages`, `/channels/${flooded.arn}/messages`].sort());
    expect(calls.filter((call) => !call.path.endsWith("/messages"))).toHaveLength(1);

    // Reading clears it without a Chime call for the count.
    const marked = await chimeCallsDuring(async () => {
      const data = dataOf<{ markChannelRead: { unread: unknown } }>(
        await stack.gql(
          carol.token,
          `mutation($c: ID!) { markChannelRead(channelArn: $c) { unread { count capped } } }`,
          {
            c: busy.arn,
          },
        ),
      );
      expect(data.markChannelRead.unread).toEqual({ count: 0, capped: false });
    });
    expect(marked.filter((call) => call.path.endsWith("/messages"))).toEqual([]);
    // A message after the marker counts again.
    await sendMessage(stack, alice, busy.arn, { content: "four" });
    const again = dataOf<{ myChannels: Page<{ unread: unknown; channel: { arn: string } }> }>(
      await stack.gql(carol.token, query),
    ).myChannels.edges.find((edge) => edge.node.channel.arn === busy.arn);
    expect(again?.node.unread).toEqual({ count: 1, capped: false });
  });

  test("a non-member cannot mark a channel read (FORBIDDEN)", async () => {
    const channel = await createChannel(stack, alice, { name: "Not yours" });
    errorOf(
      await stack.gql(bob.token, `mutation($c: ID!) { markChannelRead(channelArn: $c) { id } }`, { c: channel.arn }),
      "FORBIDDEN",
    );
  });
});

describe("updateChannel and deleteChannel", () => {
  test("the moderator changes name, mode and metadata; unchanged fields stay", async () => {
    const channel = await createChannel(stack, alice, { name: "Before", metadata: "m1" });
    const updated = dataOf<{ updateChannel: ChannelData }>(
      await stack.gql(
        alice.token,
        `mutation($input: UpdateChannelInput!) { updateChannel(input: $input) { ${CHANNEL_FIELDS} } }`,
        { input: { arn: channel.arn, name: "After", mode: "RESTRICTED" } },
      ),
    ).updateChannel;
    expect(updated).toMatchObject({ arn: channel.arn, name: "After", mode: "RESTRICTED", metadata: "m1" });
    expect(Date.parse(updated.updatedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(channel.updatedAt ?? ""));
  });

  test("a member who is not a moderator cannot update or delete (FORBIDDEN)", async () => {
    const channel = await createChannel(stack, alice, { name: "Guarded", memberArns: [bob.arn] });
    errorOf(
      await stack.gql(bob.token, `mutation { updateChannel(input: { arn: "${channel.arn}", name: "Mine" }) { id } }`),
      "FORBIDDEN",
    );
    errorOf(await stack.gql(bob.token, `mutation { deleteChannel(arn: "${channel.arn}") }`), "FORBIDDEN");
  });

  test("updateChannel validates before calling Chime", async () => {
    const channel = await createChannel(stack, alice, { name: "Valid" });
    const calls = await chimeCallsDuring(async () => {
      const response = await stack.gql(
        alice.token,
        `mutation($input: UpdateChannelInput!) { updateChannel(input: $input) { id } }`,
        { input: { arn: channel.arn, metadata: "x".repeat(1025) } },
      );
      expect(errorOf(response, "BAD_USER_INPUT").extensions).toMatchObject({ field: "input.metadata", limit: 1024 });
    });
    expect(calls).toEqual([]);
  });

  test("the moderator deletes the channel; it is gone", async () => {
    const channel = await createChannel(stack, alice, { name: "Doomed" });
    expect(dataOf<unknown>(await stack.gql(alice.token, `mutation { deleteChannel(arn: "${channel.arn}") }`))).toEqual({
      deleteChannel: channel.arn,
    });
    errorOf(await stack.gql(alice.token, `{ channel(arn: "${channel.arn}") { id } }`), "FORBIDDEN");
  });
});

test("messagingSessionEndpoint: a host for the WebSocket", async () => {
  const data = dataOf<{ messagingSessionEndpoint: { url: string } }>(
    await stack.gql(alice.token, "{ messagingSessionEndpoint { url } }"),
  );
  expect(data.messagingSessionEndpoint.url).toMatch(/^[^/:]+(:\d+)?$/);
});
