import {
  BadRequestException,
  DeleteChannelMessageCommand,
  ForbiddenException,
  ListChannelMessagesCommand,
  RedactChannelMessageCommand,
  type ListChannelMessagesCommandInput,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

// A controllable clock near real time: the endpoint checks request signatures against it (5 min skew).
let now = Math.floor(Date.now() / 1000) * 1000;
const t = useTestEndpoint({ clock: { now: () => new Date(now) } });
const app = useTestApp(t, ["owner", "alice", "bob", "outsider", "admin"], { admins: ["admin"] });

const list = (input: Omit<ListChannelMessagesCommandInput, "ChimeBearer">, bearer = "owner") =>
  t.messaging.send(new ListChannelMessagesCommand({ ...input, ChimeBearer: app.users[bearer] }));

/** Sends "m0".."m{n-1}", one second apart. */
async function history(channelArn: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    now += 1000;
    ids.push(await sendMessage(t.messaging, channelArn, app.users.owner, `m${i}`));
  }
  return ids;
}

test("newest first by default, oldest first with ASCENDING", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await history(channel, 3);
  const newest = await list({ ChannelArn: channel });
  expect(newest.ChannelMessages?.map((m) => m.Content)).toEqual(["m2", "m1", "m0"]);
  expect(newest.ChannelArn).toBe(channel);
  expect(newest.NextToken).toBeUndefined();
  const oldest = await list({ ChannelArn: channel, SortOrder: "ASCENDING" });
  expect(oldest.ChannelMessages?.map((m) => m.Content)).toEqual(["m0", "m1", "m2"]);
});

test("NotBefore and NotAfter bound CreatedTimestamp, both inclusive", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const start = now;
  await history(channel, 5); // m0 at start+1s ... m4 at start+5s
  const window = await list({
    ChannelArn: channel,
    NotBefore: new Date(start + 2000),
    NotAfter: new Date(start + 4000),
  });
  expect(window.ChannelMessages?.map((m) => m.Content)).toEqual(["m3", "m2", "m1"]);
});

test.each(["ASCENDING", "DESCENDING"] as const)(
  "pages %s through every message once, also when several share one millisecond",
  async (SortOrder) => {
    const channel = await createChannel(t.messaging, app, { owner: "owner" });
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      now += 1000;
      // Three messages per instant: the order within a millisecond is the order of sending.
      for (let j = 0; j < 3; j++) sent.push(await sendMessage(t.messaging, channel, app.users.owner, `m${i}.${j}`));
    }
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await list({ ChannelArn: channel, MaxResults: 2, NextToken, SortOrder });
      expect(page.ChannelMessages?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.ChannelMessages ?? []).map((m) => m.MessageId as string));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(SortOrder === "ASCENDING" ? sent : [...sent].reverse());
  },
);

test("MaxResults outside 1..50, a token replayed with another SortOrder and a tampered token are bad requests", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await history(channel, 3);
  await expect(list({ ChannelArn: channel, MaxResults: 0 })).rejects.toBeInstanceOf(BadRequestException);
  await expect(list({ ChannelArn: channel, MaxResults: 51 })).rejects.toBeInstanceOf(BadRequestException);
  const page = await list({ ChannelArn: channel, MaxResults: 1 });
  await expect(list({ ChannelArn: channel, NextToken: page.NextToken, SortOrder: "ASCENDING" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  const token = page.NextToken as string;
  const tampered = token.slice(0, -2) + (token.endsWith("A") ? "BB" : "AA");
  await expect(list({ ChannelArn: channel, NextToken: tampered })).rejects.toBeInstanceOf(BadRequestException);
  await expect(list({ ChannelArn: channel, NextToken: "not a token" })).rejects.toBeInstanceOf(BadRequestException);
  const other = await createChannel(t.messaging, app, { owner: "owner" });
  await expect(list({ ChannelArn: other, NextToken: token })).rejects.toBeInstanceOf(BadRequestException);
  await expect(list({ ChannelArn: channel, NextToken: token }, "alice")).rejects.toBeInstanceOf(BadRequestException);
  await expect(list({ ChannelArn: channel, NextToken: token, MaxResults: 1 })).resolves.toMatchObject({
    ChannelMessages: [{ Content: "m1" }],
  });
});

test("outsiders read PUBLIC channels but not PRIVATE ones", async () => {
  const open = await createChannel(t.messaging, app, { owner: "owner" });
  const closed = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE" });
  await history(open, 1);
  await expect(list({ ChannelArn: open }, "outsider")).resolves.toMatchObject({ ChannelMessages: [{ Content: "m0" }] });
  await expect(list({ ChannelArn: closed }, "outsider")).rejects.toBeInstanceOf(ForbiddenException);
});

test("targeted messages are listed only for their sender and target", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "bob"] });
  await sendMessage(t.messaging, channel, app.users.owner, "psst", { Target: [{ MemberArn: app.users.alice }] });
  const contents = async (user: string) =>
    (await list({ ChannelArn: channel }, user)).ChannelMessages?.map((m) => m.Content);
  expect(await contents("owner")).toEqual(["psst"]);
  expect(await contents("alice")).toEqual(["psst"]);
  expect(await contents("bob")).toEqual([]);
});

test("redacted messages stay listed without content; deleted ones disappear", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const [first, second] = await history(channel, 2);
  await t.messaging.send(
    new RedactChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MessageId: first }),
  );
  await t.messaging.send(
    new DeleteChannelMessageCommand({ ChannelArn: channel, ChimeBearer: app.users.admin, MessageId: second }),
  );
  const { ChannelMessages } = await list({ ChannelArn: channel });
  expect(ChannelMessages).toHaveLength(1);
  expect(ChannelMessages?.[0]).toMatchObject({ MessageId: first, Redacted: true });
  expect(ChannelMessages?.[0].Content).toBeUndefined();
});
