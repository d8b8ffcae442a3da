/**
 * The messaging-session WebSocket: presigned connect URLs, chime:Connect on the named user, and the
 * fan-out of channel events to the right members, over real sockets.
 */
import {
  DeleteChannelCommand,
  DeleteChannelMembershipCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
  UpdateChannelCommand,
  UpdateChannelMessageCommand,
  UpdateChannelReadMarkerCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { CreateAppInstanceUserCommand } from "@aws-sdk/client-chime-sdk-identity";
import { addMember, createChannel, createChannelAs, messageIdsInOrder, sendMessage } from "../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../test/support/messagingSession";
import { assumeUserRole, messagingClientWith } from "../../test/support/sts";
import { useUserSessions } from "../../test/support/userSessions";
import { CLOSE_FORBIDDEN, CLOSE_NOT_AUTHORIZED } from "./messagingSessions";

const USERS = ["alice", "bob", "carol", "dave"];
const t = useTestEndpoint();
const app = useTestApp(t, USERS);
const { credentials, connect, opened: sessions } = useUserSessions(t, app, USERS);

test("SESSION_ESTABLISHED comes first; a member receives a message with its MessageId, a non-member nothing", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  const [alice, carol] = [await connect("alice"), await connect("carol")];
  expect(alice.frames[0]).toEqual({ type: "SESSION_ESTABLISHED", messageType: "SYSTEM", payload: undefined });
  const messageId = await sendMessage(t.messaging, channelArn, app.users.bob, "hello alice");
  const [event] = await alice.waitFor("CREATE_CHANNEL_MESSAGE");
  expect(event).toMatchObject({
    messageType: "STANDARD",
    payload: { ChannelArn: channelArn, MessageId: messageId, Content: "hello alice", Sender: { Arn: app.users.bob } },
  });
  expect(Date.parse(event.payload?.CreatedTimestamp as string)).not.toBeNaN();
  // Carol's socket got nothing but its greeting while alice's got the message.
  expect(carol.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]);
});

test("a URL signed with alice's credentials but naming bob is closed with 4401", async () => {
  const url = await presignConnectUrl(t.endpoint.port, credentials.alice, app.users.bob);
  const session = await TestSession.open(url);
  expect(await session.whenClosed()).toBe(CLOSE_NOT_AUTHORIZED);
  expect(session.frames).toEqual([]);
});

test("a signed URL without userArn is closed with 4003; an expired URL and a tampered one with 4401", async () => {
  const withoutUser = await presignConnectUrl(t.endpoint.port, credentials.alice, undefined);
  expect(await (await TestSession.open(withoutUser)).whenClosed()).toBe(CLOSE_FORBIDDEN);
  const tampered = new URL(await presignConnectUrl(t.endpoint.port, credentials.alice, app.users.alice));
  tampered.searchParams.set("sessionId", "2");
  expect(await (await TestSession.open(tampered.toString())).whenClosed()).toBe(CLOSE_NOT_AUTHORIZED);
  const old = await presignConnectUrl(
    t.endpoint.port,
    credentials.alice,
    app.users.alice,
    new Date(Date.now() - 6 * 60_000),
  );
  expect(await (await TestSession.open(old)).whenClosed()).toBe(CLOSE_NOT_AUTHORIZED);
});

test("channel and membership events reach the members, the added and the removed member included", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  const [alice, bob, carol] = [await connect("alice"), await connect("bob"), await connect("carol")];
  await addMember(t.messaging, channelArn, app.users.alice, app.users.carol, "DEFAULT");
  for (const session of [alice, bob, carol]) {
    expect((await session.waitFor("CREATE_CHANNEL_MEMBERSHIP"))[0].payload).toMatchObject({
      Member: { Arn: app.users.carol },
    });
  }
  await t.messaging.send(
    new UpdateChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice, Name: "renamed" }),
  );
  expect((await carol.waitFor("UPDATE_CHANNEL"))[0].payload).toMatchObject({ ChannelArn: channelArn, Name: "renamed" });
  await t.messaging.send(
    new DeleteChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.alice,
      MemberArn: app.users.bob,
    }),
  );
  for (const session of [alice, bob, carol]) {
    expect((await session.waitFor("DELETE_CHANNEL_MEMBERSHIP"))[0].payload).toMatchObject({
      Member: { Arn: app.users.bob },
    });
  }
  await t.messaging.send(new DeleteChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }));
  await alice.waitFor("DELETE_CHANNEL");
  await carol.waitFor("DELETE_CHANNEL");
  // Bob left before the channel was deleted.
  expect(bob.frames.some((f) => f.type === "DELETE_CHANNEL")).toBe(false);
});

test("edits, redactions and targeted messages", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob", "carol"] });
  const [alice, bob, carol] = [await connect("alice"), await connect("bob"), await connect("carol")];
  const messageId = await sendMessage(t.messaging, channelArn, app.users.alice, "first");
  const own = { ChannelArn: channelArn, ChimeBearer: app.users.alice, MessageId: messageId };
  await t.messaging.send(new UpdateChannelMessageCommand({ ...own, Content: "edited" }));
  expect((await bob.waitFor("UPDATE_CHANNEL_MESSAGE"))[0].payload).toMatchObject({
    MessageId: messageId,
    Content: "edited",
  });
  await t.messaging.send(new RedactChannelMessageCommand(own));
  const [redacted] = await bob.waitFor("REDACT_CHANNEL_MESSAGE");
  expect(redacted.payload).toMatchObject({ MessageId: messageId, Redacted: true });
  expect(redacted.payload?.Content).toBeUndefined();
  await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.alice,
      Content: "psst",
      Type: "STANDARD",
      Persistence: "NON_PERSISTENT",
      Target: [{ MemberArn: app.users.bob }],
    }),
  );
  await bob.waitFor("CREATE_CHANNEL_MESSAGE", 2);
  await alice.waitFor("CREATE_CHANNEL_MESSAGE", 2);
  expect(carol.frames.filter((f) => f.type === "CREATE_CHANNEL_MESSAGE")).toHaveLength(1);
});

test("a burst of 500 messages from 5 senders reaches every connected member exactly once, in the channel's order", async () => {
  const senders = ["alice", "bob", "carol", "dave", "alice"];
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob", "carol", "dave"] });
  const listeners = [await connect("alice"), await connect("bob"), await connect("carol"), await connect("dave")];
  const clients = senders.map((user) => messagingClientWith(t, credentials[user]));
  await Promise.all(
    clients.map(async (client, i) => {
      for (let n = 0; n < 100; n++) {
        await client.send(
          new SendChannelMessageCommand({
            ChannelArn: channelArn,
            ChimeBearer: app.users[senders[i]],
            Content: `${i}-${n}`,
            Type: "STANDARD",
            Persistence: "PERSISTENT",
          }),
        );
      }
    }),
  );
  for (const client of clients) client.destroy();
  const order = await messageIdsInOrder(t.messaging, channelArn, app.users.alice);
  expect(order).toHaveLength(500);
  for (const listener of listeners) {
    const received = (await listener.waitFor("CREATE_CHANNEL_MESSAGE", 500)).map((f) => f.payload?.MessageId);
    expect(received).toEqual(order);
  }
});

test("prefetch-on=connect sends CHANNEL_DETAILS for the user's channels after SESSION_ESTABLISHED", async () => {
  const quiet = await createChannel(t.messaging, app, { owner: "dave" });
  const busy = await createChannel(t.messaging, app, { owner: "dave", members: ["carol"] });
  for (let i = 0; i < 25; i++) await sendMessage(t.messaging, busy, app.users.carol, `m${i}`);
  const url = await presignConnectUrl(t.endpoint.port, credentials.dave, app.users.dave, new Date(), {
    "prefetch-on": "connect",
    "prefetch-sort-by": "last-message-timestamp",
  });
  const session = await TestSession.open(url);
  sessions.push(session);
  // Dave is in channels of earlier tests too: wait for all of them; the newest activity comes first.
  const count = t.endpoint.services.store.listMembershipsOfUser(app.users.dave, undefined, 50).items.length;
  type Details = {
    Channel: { ChannelArn: string };
    ChannelMessages: { Content: string }[];
    ChannelMessagesHasMore: boolean;
    ChannelMemberships: unknown[];
  };
  const channels = (await session.waitFor("CHANNEL_DETAILS", count)).map((d) => d.payload as unknown as Details);
  expect(session.frames[0].type).toBe("SESSION_ESTABLISHED");
  const arns = channels.map((d) => d.Channel.ChannelArn);
  expect(arns.indexOf(busy)).toBe(0);
  expect(arns.indexOf(quiet)).toBe(count - 1);
  const first = channels[0];
  expect(first.ChannelMessages).toHaveLength(20);
  expect(first.ChannelMessages[0].Content).toBe("m24");
  expect(first.ChannelMessagesHasMore).toBe(true);
  expect(first.ChannelMemberships).toHaveLength(2);
});

test("without prefetch-sort-by, CHANNEL_DETAILS come unread channels first (the SDK's documented default)", async () => {
  const { AppInstanceUserArn } = await t.identity.send(
    new CreateAppInstanceUserCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceUserId: "erin", Name: "erin" }),
  );
  const erin = AppInstanceUserArn as string;
  // `read` has the smaller ARN (the store's order) and the newer message: only unread-first puts
  // `unread` first.
  const pair = [
    await createChannel(t.messaging, app, { owner: "alice" }),
    await createChannel(t.messaging, app, { owner: "alice" }),
  ];
  const [read, unread] = pair.sort();
  for (const channelArn of [read, unread]) {
    await addMember(t.messaging, channelArn, app.users.alice, erin, "DEFAULT");
  }
  await sendMessage(t.messaging, unread, app.users.alice, "older, unread");
  await sendMessage(t.messaging, read, app.users.alice, "newer, read");
  await t.messaging.send(new UpdateChannelReadMarkerCommand({ ChannelArn: read, ChimeBearer: erin }));
  const erinKeys = await assumeUserRole(t, "erin");
  const session = await TestSession.open(
    await presignConnectUrl(t.endpoint.port, erinKeys, erin, new Date(), { "prefetch-on": "connect" }),
  );
  sessions.push(session);
  const details = await session.waitFor("CHANNEL_DETAILS", 2);
  expect(details.map((d) => (d.payload?.Channel as { ChannelArn: string }).ChannelArn)).toEqual([unread, read]);
});

test("only /connect upgrades; another path is refused before the handshake", async () => {
  const url = new URL(await presignConnectUrl(t.endpoint.port, credentials.alice, app.users.alice));
  url.pathname = "/connections";
  await expect(TestSession.open(url.toString())).rejects.toThrow("Unexpected server response: 404");
});

test("a user in more than 50 channels gets the first 50 in the sort order, not in the store's", async () => {
  const { AppInstanceUserArn } = await t.identity.send(
    new CreateAppInstanceUserCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceUserId: "frank", Name: "frank" }),
  );
  const frank = AppInstanceUserArn as string;
  const channels: string[] = [];
  for (let i = 0; i < 51; i++) {
    const ChannelArn = await createChannelAs(t.messaging, app, "alice", {
      Name: `c${i}`,
      MemberArns: [frank],
    });
    channels.push(ChannelArn);
  }
  const last = channels.sort().at(-1) as string;
  await sendMessage(t.messaging, last, app.users.alice, "the latest");
  const frankKeys = await assumeUserRole(t, "frank");
  const session = await TestSession.open(
    await presignConnectUrl(t.endpoint.port, frankKeys, frank, new Date(), {
      "prefetch-on": "connect",
      "prefetch-sort-by": "last-message-timestamp",
    }),
  );
  sessions.push(session);
  await session.waitFor("CHANNEL_DETAILS", 50);
  // A later event: every CHANNEL_DETAILS there was has arrived before it.
  await sendMessage(t.messaging, last, app.users.alice, "sentinel");
  await session.waitFor("CREATE_CHANNEL_MESSAGE");
  const details = session.frames.filter((f) => f.type === "CHANNEL_DETAILS");
  expect(details).toHaveLength(50);
  expect((details[0].payload?.Channel as { ChannelArn: string }).ChannelArn).toBe(last);
});
