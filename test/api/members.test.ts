/**
 * Memberships and moderation over HTTP, with cognito-local tokens: members, joinChannel, leaveChannel,
 * addMembers, removeMember, moderators, addModerator, removeModerator, bans, banMember, unbanMember.
 */
import {
  anyString,
  createChannel,
  dataOf,
  errorOf,
  matching,
  PAGE_INFO,
  signIn,
  type Page,
} from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
let carol: ApiUser;

beforeAll(async () => {
  stack = await startApiStack();
  [alice, bob, carol] = await Promise.all([stack.user("alice"), stack.user("bob"), stack.user("carol")]);
  await Promise.all([alice, bob, carol].map((user) => signIn(stack, user)));
});

afterAll(async () => {
  await stack?.close();
});

const MEMBERSHIP = "id channelArn member { arn userId name } type invitedBy { arn } createdAt";

interface Membership {
  id: string;
  channelArn: string;
  member: { arn: string; userId?: string; name?: string };
  type: string | null;
  invitedBy: { arn: string } | null;
  createdAt: string | null;
}

interface Entry {
  id: string;
  channelArn: string;
  moderator?: { arn: string };
  member?: { arn: string };
  createdBy: { arn: string } | null;
  createdAt: string | null;
}

async function memberArns(user: ApiUser, channelArn: string, type = "DEFAULT"): Promise<string[]> {
  const data = dataOf<{ members: Page<Membership> }>(
    await stack.gql(
      user.token,
      `query($c: ID!, $t: MembershipType) { members(channelArn: $c, type: $t, first: 50) { edges { node { id channelArn member { arn } } } ${PAGE_INFO} } }`,
      { c: channelArn, t: type },
    ),
  );
  return data.members.edges.map((edge) => edge.node.member.arn).sort();
}

async function moderatorArns(user: ApiUser, channelArn: string): Promise<string[]> {
  const data = dataOf<{ moderators: Page<Entry> }>(
    await stack.gql(
      user.token,
      `query($c: ID!) { moderators(channelArn: $c) { edges { node { id moderator { arn } } } ${PAGE_INFO} } }`,
      {
        c: channelArn,
      },
    ),
  );
  return data.moderators.edges.map((edge) => edge.node.moderator?.arn as string).sort();
}

async function bannedArns(user: ApiUser, channelArn: string): Promise<string[]> {
  const data = dataOf<{ bans: Page<Entry> }>(
    await stack.gql(
      user.token,
      `query($c: ID!) { bans(channelArn: $c) { edges { node { id member { arn } } } ${PAGE_INFO} } }`,
      {
        c: channelArn,
      },
    ),
  );
  return data.bans.edges.map((edge) => edge.node.member?.arn as string).sort();
}

describe("joinChannel and leaveChannel", () => {
  test("anyone joins a public unrestricted channel as themself, and leaves it", async () => {
    const channel = await createChannel(stack, alice, { name: "Lobby" });
    const joined = dataOf<{ joinChannel: Membership }>(
      await stack.gql(bob.token, `mutation($c: ID!) { joinChannel(channelArn: $c) { ${MEMBERSHIP} } }`, {
        c: channel.arn,
      }),
    ).joinChannel;
    expect(joined).toMatchObject({
      channelArn: channel.arn,
      member: { arn: bob.arn, userId: bob.sub },
      type: "DEFAULT",
      invitedBy: { arn: bob.arn },
      createdAt: anyString,
    });
    expect(await memberArns(alice, channel.arn)).toEqual([alice.arn, bob.arn].sort());
    const left = dataOf<{ leaveChannel: string }>(
      await stack.gql(bob.token, `mutation($c: ID!) { leaveChannel(channelArn: $c) }`, { c: channel.arn }),
    );
    expect(left.leaveChannel).toBe(joined.id);
    expect(await memberArns(alice, channel.arn)).toEqual([alice.arn]);
  });

  test("nobody joins a private or restricted channel by themself (FORBIDDEN)", async () => {
    for (const input of [{ privacy: "PRIVATE" }, { mode: "RESTRICTED" }]) {
      const channel = await createChannel(stack, alice, { name: "Closed", ...input });
      errorOf(
        await stack.gql(bob.token, `mutation($c: ID!) { joinChannel(channelArn: $c) { id } }`, { c: channel.arn }),
        "FORBIDDEN",
      );
    }
  });
});

describe("addMembers and removeMember", () => {
  test("a moderator adds members in one batch; failures are listed per member", async () => {
    const channel = await createChannel(stack, alice, { name: "Team", mode: "RESTRICTED", privacy: "PRIVATE" });
    const ghost = `${stack.appInstanceArn}/user/nobody-here`;
    const payload = dataOf<{
      addMembers: { memberships: Membership[]; errors: { memberArn: string; code: string }[] };
    }>(
      await stack.gql(
        alice.token,
        `mutation($input: AddMembersInput!) { addMembers(input: $input) { memberships { ${MEMBERSHIP} } errors { memberArn code } } }`,
        { input: { channelArn: channel.arn, memberArns: [bob.arn, carol.arn, ghost] } },
      ),
    ).addMembers;
    expect(payload.memberships.map((membership) => membership.member.arn).sort()).toEqual([bob.arn, carol.arn].sort());
    expect(payload.memberships[0]).toMatchObject({
      channelArn: channel.arn,
      type: "DEFAULT",
      invitedBy: { arn: alice.arn },
    });
    expect(payload.errors).toEqual([{ memberArn: ghost, code: matching(/^(NOT_FOUND|FORBIDDEN|BAD_USER_INPUT)$/) }]);
    expect(await memberArns(bob, channel.arn)).toEqual([alice.arn, bob.arn, carol.arn].sort());
  });

  test("HIDDEN members are listed only with type: HIDDEN", async () => {
    const channel = await createChannel(stack, alice, { name: "Observed" });
    dataOf<unknown>(
      await stack.gql(
        alice.token,
        `mutation { addMembers(input: { channelArn: "${channel.arn}", memberArns: ["${carol.arn}"], type: HIDDEN }) { errors { code } } }`,
      ),
    );
    expect(await memberArns(alice, channel.arn)).toEqual([alice.arn]);
    expect(await memberArns(alice, channel.arn, "HIDDEN")).toEqual([carol.arn]);
  });

  test("HIDDEN members are listed to the channel's moderators and admins only: a plain member gets FORBIDDEN", async () => {
    const admin = await stack.user("root", { admin: true });
    await signIn(stack, admin);
    const channel = await createChannel(stack, alice, { name: "Watched", memberArns: [bob.arn] });
    dataOf<unknown>(
      await stack.gql(
        alice.token,
        `mutation { addMembers(input: { channelArn: "${channel.arn}", memberArns: ["${carol.arn}"], type: HIDDEN }) { errors { code } } }`,
      ),
    );
    const hidden = `{ members(channelArn: "${channel.arn}", type: HIDDEN) { edges { node { member { arn } } } } }`;
    const refused = await stack.gql(bob.token, hidden);
    expect(errorOf(refused, "FORBIDDEN").message).toBe("Only the channel's moderators and admins list hidden members.");
    expect(refused.body.data).toBeNull();
    // The hidden member does not list the others hidden either; the default list still works for bob.
    errorOf(await stack.gql(carol.token, hidden), "FORBIDDEN");
    expect(await memberArns(bob, channel.arn)).toEqual([alice.arn, bob.arn].sort());
    expect(await memberArns(alice, channel.arn, "HIDDEN")).toEqual([carol.arn]);
    expect(await memberArns(admin, channel.arn, "HIDDEN")).toEqual([carol.arn]);
  });

  test("a plain member cannot add to a restricted channel, nor remove others (FORBIDDEN)", async () => {
    const channel = await createChannel(stack, alice, { name: "Strict", mode: "RESTRICTED", memberArns: [bob.arn] });
    errorOf(
      await stack.gql(
        bob.token,
        `mutation { addMembers(input: { channelArn: "${channel.arn}", memberArns: ["${carol.arn}"] }) { errors { code } } }`,
      ),
      "FORBIDDEN",
    );
    errorOf(
      await stack.gql(bob.token, `mutation { removeMember(channelArn: "${channel.arn}", memberArn: "${alice.arn}") }`),
      "FORBIDDEN",
    );
  });

  test("a moderator removes a member", async () => {
    const channel = await createChannel(stack, alice, { name: "Pruned", memberArns: [bob.arn, carol.arn] });
    const removed = dataOf<Record<string, string>>(
      await stack.gql(
        alice.token,
        `mutation { removeMember(channelArn: "${channel.arn}", memberArn: "${carol.arn}") }`,
      ),
    );
    expect(removed.removeMember).toContain(carol.arn);
    expect(await memberArns(alice, channel.arn)).toEqual([alice.arn, bob.arn].sort());
  });

  test.each([
    ["no members", [], "input.memberArns", 100],
    ["101 members", Array.from({ length: 101 }, (_, i) => `u${i}`), "input.memberArns", 100],
    ["the same member twice", ["BOB", "BOB"], "input.memberArns", undefined],
    ["a channel ARN as a member", ["CHANNEL"], "input.memberArns[0]", undefined],
  ])("addMembers with %s is BAD_USER_INPUT, before any Chime call", async (_, arns, field, limit) => {
    const channel = await createChannel(stack, alice, { name: "Checks" });
    const memberArnsInput = arns.map((arn) => (arn === "BOB" ? bob.arn : arn === "CHANNEL" ? channel.arn : arn));
    const before = stack.proxy.calls.length;
    const error = errorOf(
      await stack.gql(
        alice.token,
        `mutation($input: AddMembersInput!) { addMembers(input: $input) { errors { code } } }`,
        {
          input: { channelArn: channel.arn, memberArns: memberArnsInput },
        },
      ),
      "BAD_USER_INPUT",
    );
    expect(error.extensions?.field).toBe(field);
    if (limit !== undefined) expect(error.extensions?.limit).toBe(limit);
    expect(stack.proxy.calls.length).toBe(before);
  });
});

describe("moderators", () => {
  test("the creator moderates; moderators add and remove moderators", async () => {
    const channel = await createChannel(stack, alice, { name: "Moderated", memberArns: [bob.arn] });
    expect(await moderatorArns(alice, channel.arn)).toEqual([alice.arn]);
    const added = dataOf<{ addModerator: Entry }>(
      await stack.gql(
        alice.token,
        `mutation { addModerator(channelArn: "${channel.arn}", moderatorArn: "${bob.arn}") { id channelArn moderator { arn } createdBy { arn } createdAt } }`,
      ),
    ).addModerator;
    expect(added).toMatchObject({
      channelArn: channel.arn,
      moderator: { arn: bob.arn },
      createdBy: { arn: alice.arn },
      createdAt: anyString,
    });
    expect(await moderatorArns(bob, channel.arn)).toEqual([alice.arn, bob.arn].sort());
    const removed = dataOf<Record<string, string>>(
      await stack.gql(
        bob.token,
        `mutation { removeModerator(channelArn: "${channel.arn}", moderatorArn: "${alice.arn}") }`,
      ),
    );
    expect(removed.removeModerator).toContain(alice.arn);
    expect(await moderatorArns(bob, channel.arn)).toEqual([bob.arn]);
  });

  test("members who are not moderators cannot list or change moderators (FORBIDDEN)", async () => {
    const channel = await createChannel(stack, alice, { name: "Closed shop", memberArns: [bob.arn] });
    errorOf(
      await stack.gql(bob.token, `{ moderators(channelArn: "${channel.arn}") { edges { cursor } } }`),
      "FORBIDDEN",
    );
    errorOf(
      await stack.gql(
        bob.token,
        `mutation { addModerator(channelArn: "${channel.arn}", moderatorArn: "${bob.arn}") { id } }`,
      ),
      "FORBIDDEN",
    );
    errorOf(
      await stack.gql(
        bob.token,
        `mutation { removeModerator(channelArn: "${channel.arn}", moderatorArn: "${alice.arn}") }`,
      ),
      "FORBIDDEN",
    );
  });
});

describe("bans", () => {
  test("a moderator bans a member (who leaves the channel), lists bans, and unbans", async () => {
    const channel = await createChannel(stack, alice, { name: "Rules", memberArns: [bob.arn, carol.arn] });
    const ban = dataOf<{ banMember: Entry }>(
      await stack.gql(
        alice.token,
        `mutation { banMember(channelArn: "${channel.arn}", memberArn: "${carol.arn}") { id channelArn member { arn } createdBy { arn } createdAt } }`,
      ),
    ).banMember;
    expect(ban).toMatchObject({ channelArn: channel.arn, member: { arn: carol.arn }, createdBy: { arn: alice.arn } });
    expect(await bannedArns(alice, channel.arn)).toEqual([carol.arn]);
    expect(await memberArns(alice, channel.arn)).toEqual([alice.arn, bob.arn].sort());
    // Banned: cannot come back.
    errorOf(await stack.gql(carol.token, `mutation { joinChannel(channelArn: "${channel.arn}") { id } }`), "FORBIDDEN");

    const lifted = dataOf<{ unbanMember: string }>(
      await stack.gql(alice.token, `mutation { unbanMember(channelArn: "${channel.arn}", memberArn: "${carol.arn}") }`),
    );
    expect(lifted.unbanMember).toBe(ban.id);
    expect(await bannedArns(alice, channel.arn)).toEqual([]);
    // Unbanning does not restore the membership.
    expect(await memberArns(alice, channel.arn)).toEqual([alice.arn, bob.arn].sort());
  });

  test("members cannot ban, unban or list bans (FORBIDDEN); moderators cannot be banned", async () => {
    const channel = await createChannel(stack, alice, { name: "Order", memberArns: [bob.arn, carol.arn] });
    errorOf(
      await stack.gql(
        bob.token,
        `mutation { banMember(channelArn: "${channel.arn}", memberArn: "${carol.arn}") { id } }`,
      ),
      "FORBIDDEN",
    );
    errorOf(
      await stack.gql(bob.token, `mutation { unbanMember(channelArn: "${channel.arn}", memberArn: "${carol.arn}") }`),
      "FORBIDDEN",
    );
    errorOf(await stack.gql(bob.token, `{ bans(channelArn: "${channel.arn}") { edges { cursor } } }`), "FORBIDDEN");
    const moderatorBan = await stack.gql(
      alice.token,
      `mutation { banMember(channelArn: "${channel.arn}", memberArn: "${alice.arn}") { id } }`,
    );
    expect(["FORBIDDEN", "CONFLICT", "BAD_USER_INPUT"]).toContain(moderatorBan.body.errors?.[0]?.extensions?.code);
  });
});
