/**
 * What each write operation announces on the messaging sessions, as local/chime/events.ts reads AWS's
 * event reference (docs/aws-behaviour.md §4): channel creation through its members' membership events,
 * batch adds in one event, and the writes that announce nothing. Over real sockets, signed as each user.
 */
import {
  BatchCreateChannelMembershipCommand,
  CreateChannelBanCommand,
  CreateChannelCommand,
  CreateChannelModeratorCommand,
  UpdateChannelReadMarkerCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../test/support/localEndpoint";
import type { TestSession } from "../../test/support/messagingSession";
import { useUserSessions } from "../../test/support/userSessions";

const USERS = ["alice", "bob", "carol", "dave", "erin"];
const t = useTestEndpoint();
const app = useTestApp(t, USERS);
const { connect } = useUserSessions(t, app, USERS);

/** Alice adds members with BatchCreateChannelMembership (an event type of its own). */
const batchAddAsAlice = (channelArn: string | undefined, ...members: string[]) =>
  t.messaging.send(
    new BatchCreateChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users.alice,
      MemberArns: members.map((member) => app.users[member]),
    }),
  );

const memberArnsOf = (session: TestSession, channelArn: string) =>
  session.frames
    .filter((f) => f.type === "CREATE_CHANNEL_MEMBERSHIP" && f.payload?.ChannelArn === channelArn)
    .map((f) => (f.payload?.Member as { Arn: string }).Arn);

test("CreateChannel with MemberArns: every member's open session hears of each initial membership", async () => {
  const [alice, bob, carol, dave] = await Promise.all(["alice", "bob", "carol", "dave"].map(connect));
  const token = crypto.randomUUID();
  const create = () =>
    t.messaging.send(
      new CreateChannelCommand({
        AppInstanceArn: app.appInstanceArn,
        Name: "team",
        ChimeBearer: app.users.alice,
        MemberArns: [app.users.bob, app.users.carol],
        ModeratorArns: [app.users.dave],
        ClientRequestToken: token,
      }),
    );
  const { ChannelArn } = await create();
  const everyone = [app.users.alice, app.users.bob, app.users.carol];
  for (const session of [alice, bob, carol]) {
    const events = await session.waitFor("CREATE_CHANNEL_MEMBERSHIP", 3);
    expect(events.map((e) => e.messageType)).toEqual(["SYSTEM", "SYSTEM", "SYSTEM"]);
    expect(memberArnsOf(session, ChannelArn as string).sort()).toEqual([...everyone].sort());
    expect(events[0].payload).toMatchObject({
      ChannelArn,
      Type: "DEFAULT",
      InvitedBy: { Arn: app.users.alice, Name: "alice" },
    });
  }
  // A retry with the same token creates nothing and announces nothing again.
  await expect(create()).resolves.toMatchObject({ ChannelArn });
  // Dave moderates without being a member: no event (none for moderators, none for non-members).
  await batchAddAsAlice(ChannelArn, "erin");
  await bob.waitFor("BATCH_CREATE_CHANNEL_MEMBERSHIP");
  expect(memberArnsOf(bob, ChannelArn as string)).toHaveLength(3);
  expect(dave.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED"]);
});

test("BatchCreateChannelMembership is one event for the batch, heard by the members and the added ones", async () => {
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "batch", ChimeBearer: app.users.alice }),
  );
  const [alice, bob, carol] = await Promise.all(["alice", "bob", "carol"].map(connect));
  await batchAddAsAlice(ChannelArn, "bob", "carol");
  for (const session of [alice, bob, carol]) {
    const [event] = await session.waitFor("BATCH_CREATE_CHANNEL_MEMBERSHIP");
    expect(event.payload).toMatchObject({ ChannelArn, Type: "DEFAULT", InvitedBy: { Arn: app.users.alice } });
    expect((event.payload?.Members as { Arn: string }[]).map((m) => m.Arn).sort()).toEqual(
      [app.users.bob, app.users.carol].sort(),
    );
    expect(session.frames.filter((f) => f.type === "CREATE_CHANNEL_MEMBERSHIP")).toEqual([]);
  }
});

test("moderators, bans of non-members and read markers announce nothing; a ban of a member removes them", async () => {
  const ChannelArn = await createChannelAs(t.messaging, app, "alice", {
    Name: "quiet",
    MemberArns: [app.users.bob],
  });
  const bob = await connect("bob");
  await t.messaging.send(
    new CreateChannelModeratorCommand({ ChannelArn, ChimeBearer: app.users.alice, ChannelModeratorArn: app.users.bob }),
  );
  await t.messaging.send(new UpdateChannelReadMarkerCommand({ ChannelArn, ChimeBearer: app.users.bob }));
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn, ChimeBearer: app.users.alice, MemberArn: app.users.erin }),
  );
  // A batch add as a marker: frames arrive in order on one socket, so nothing came before it.
  await batchAddAsAlice(ChannelArn, "carol");
  await bob.waitFor("BATCH_CREATE_CHANNEL_MEMBERSHIP");
  expect(bob.frames.map((f) => f.type)).toEqual(["SESSION_ESTABLISHED", "BATCH_CREATE_CHANNEL_MEMBERSHIP"]);
  const carol = await connect("carol");
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn, ChimeBearer: app.users.alice, MemberArn: app.users.carol }),
  );
  for (const session of [bob, carol]) {
    expect((await session.waitFor("DELETE_CHANNEL_MEMBERSHIP"))[0].payload).toMatchObject({
      ChannelArn,
      Member: { Arn: app.users.carol },
    });
  }
});
