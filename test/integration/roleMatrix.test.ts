/**
 * Chime's implicit authorization, table-driven: every channel operation, by every role, on every kind
 * of channel, through the SDK over HTTP. The expectations are the developer guide's role table
 * (docs/aws-behaviour.md §2), written here independently of the implementation.
 */
import {
  CreateChannelBanCommand,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  CreateChannelModeratorCommand,
  DeleteChannelBanCommand,
  DeleteChannelCommand,
  DeleteChannelMembershipCommand,
  DeleteChannelMessageCommand,
  DeleteChannelModeratorCommand,
  DescribeChannelBanCommand,
  DescribeChannelCommand,
  DescribeChannelMembershipCommand,
  DescribeChannelModeratorCommand,
  ForbiddenException,
  GetChannelMembershipPreferencesCommand,
  GetChannelMessageCommand,
  GetChannelMessageStatusCommand,
  ListChannelBansCommand,
  ListChannelMembershipsCommand,
  ListChannelMessagesCommand,
  ListChannelModeratorsCommand,
  PutChannelMembershipPreferencesCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
  UpdateChannelCommand,
  UpdateChannelMessageCommand,
  UpdateChannelReadMarkerCommand,
  type ChannelMode,
  type ChannelPrivacy,
  type ChimeSDKMessagingClient,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, makeAdmin, startTestEndpoint, type AppFixture, type TestEndpoint } from "../support/localEndpoint";

type Role = "admin" | "moderator" | "member" | "hidden" | "outsider" | "banned";
type Kind = { privacy: ChannelPrivacy; mode: ChannelMode };
/** Allowed for the role: always, never, or only on some kinds of channel. */
type Rule = boolean | ((kind: Kind) => boolean);

interface Scene {
  channelArn: string;
  /** A message the channel's owner sent. */
  ownerMessageId: string;
  users: Record<string, string>;
}
type Call = (chime: ChimeSDKMessagingClient, bearer: string, scene: Scene) => Promise<unknown>;

const roles: Role[] = ["admin", "moderator", "member", "hidden", "outsider", "banned"];
const kinds: Kind[] = [
  { privacy: "PUBLIC", mode: "UNRESTRICTED" },
  { privacy: "PUBLIC", mode: "RESTRICTED" },
  { privacy: "PRIVATE", mode: "UNRESTRICTED" },
  { privacy: "PRIVATE", mode: "RESTRICTED" },
];
const publicOnly = (kind: Kind) => kind.privacy === "PUBLIC";
const unrestricted = (kind: Kind) => kind.mode === "UNRESTRICTED";
const publicUnrestricted = (kind: Kind) => publicOnly(kind) && unrestricted(kind);

/** Reading messages and memberships: admins, moderators and members; everybody on PUBLIC channels. */
const readers: Record<Role, Rule> = {
  admin: true,
  moderator: true,
  member: true,
  hidden: true,
  outsider: publicOnly,
  banned: publicOnly,
};
const moderators: Record<Role, Rule> = {
  admin: true,
  moderator: true,
  member: false,
  hidden: false,
  outsider: false,
  banned: false,
};
const nobody: Record<Role, Rule> = {
  admin: false,
  moderator: false,
  member: false,
  hidden: false,
  outsider: false,
  banned: false,
};

const operations: Record<string, { call: Call; allowed: Record<Role, Rule> }> = {
  DescribeChannel: {
    call: (c, bearer, s) => c.send(new DescribeChannelCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    // The guide's table: moderators see PUBLIC channels only, unless they are also members.
    allowed: { ...readers, moderator: publicOnly },
  },
  UpdateChannel: {
    call: (c, bearer, s) =>
      c.send(new UpdateChannelCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, Name: "renamed" })),
    allowed: moderators,
  },
  DeleteChannel: {
    call: (c, bearer, s) => c.send(new DeleteChannelCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    allowed: moderators,
  },
  "CreateChannelMembership (another user)": {
    call: (c, bearer, s) =>
      c.send(
        new CreateChannelMembershipCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          MemberArn: s.users.newcomer,
          Type: "DEFAULT",
        }),
      ),
    allowed: { ...moderators, member: unrestricted },
  },
  "CreateChannelMembership (self-join)": {
    call: (c, bearer, s) =>
      c.send(
        new CreateChannelMembershipCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          MemberArn: bearer,
          Type: "DEFAULT",
        }),
      ),
    allowed: { ...moderators, member: unrestricted, hidden: publicUnrestricted, outsider: publicUnrestricted },
  },
  "CreateChannelMembership (HIDDEN)": {
    call: (c, bearer, s) =>
      c.send(
        new CreateChannelMembershipCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          MemberArn: s.users.newcomer,
          Type: "HIDDEN",
        }),
      ),
    allowed: moderators,
  },
  "DeleteChannelMembership (another member)": {
    call: (c, bearer, s) =>
      c.send(
        new DeleteChannelMembershipCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MemberArn: s.users.peer }),
      ),
    allowed: moderators,
  },
  "DeleteChannelMembership (leave)": {
    call: (c, bearer, s) =>
      c.send(new DeleteChannelMembershipCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MemberArn: bearer })),
    allowed: { ...moderators, member: true, hidden: true },
  },
  DescribeChannelMembership: {
    call: (c, bearer, s) =>
      c.send(
        new DescribeChannelMembershipCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          MemberArn: s.users.owner,
        }),
      ),
    allowed: readers,
  },
  ListChannelMemberships: {
    call: (c, bearer, s) =>
      c.send(new ListChannelMembershipsCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    allowed: readers,
  },
  SendChannelMessage: {
    call: (c, bearer, s) =>
      c.send(
        new SendChannelMessageCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          Content: "hi",
          Type: "STANDARD",
          Persistence: "PERSISTENT",
        }),
      ),
    // Admin and moderator rights do not make a member; hidden members only observe.
    allowed: { ...nobody, member: true },
  },
  ListChannelMessages: {
    call: (c, bearer, s) => c.send(new ListChannelMessagesCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    allowed: readers,
  },
  GetChannelMessage: {
    call: (c, bearer, s) =>
      c.send(
        new GetChannelMessageCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MessageId: s.ownerMessageId }),
      ),
    allowed: readers,
  },
  "UpdateChannelMessage (another's message)": {
    call: (c, bearer, s) =>
      c.send(
        new UpdateChannelMessageCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          MessageId: s.ownerMessageId,
          Content: "edited",
        }),
      ),
    allowed: nobody,
  },
  "RedactChannelMessage (another's message)": {
    call: (c, bearer, s) =>
      c.send(
        new RedactChannelMessageCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MessageId: s.ownerMessageId }),
      ),
    allowed: moderators,
  },
  DeleteChannelMessage: {
    call: (c, bearer, s) =>
      c.send(
        new DeleteChannelMessageCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MessageId: s.ownerMessageId }),
      ),
    allowed: { ...nobody, admin: true },
  },
  "GetChannelMessageStatus (another's message)": {
    call: (c, bearer, s) =>
      c.send(
        new GetChannelMessageStatusCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          MessageId: s.ownerMessageId,
        }),
      ),
    allowed: nobody,
  },
  UpdateChannelReadMarker: {
    call: (c, bearer, s) =>
      c.send(new UpdateChannelReadMarkerCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    allowed: { ...nobody, member: true, hidden: true },
  },
  CreateChannelModerator: {
    call: (c, bearer, s) =>
      c.send(
        new CreateChannelModeratorCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          ChannelModeratorArn: s.users.newcomer,
        }),
      ),
    allowed: moderators,
  },
  DescribeChannelModerator: {
    call: (c, bearer, s) =>
      c.send(
        new DescribeChannelModeratorCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          ChannelModeratorArn: s.users.owner,
        }),
      ),
    allowed: moderators,
  },
  ListChannelModerators: {
    call: (c, bearer, s) => c.send(new ListChannelModeratorsCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    allowed: moderators,
  },
  DeleteChannelModerator: {
    call: (c, bearer, s) =>
      c.send(
        new DeleteChannelModeratorCommand({
          ChannelArn: s.channelArn,
          ChimeBearer: bearer,
          ChannelModeratorArn: s.users.owner,
        }),
      ),
    allowed: moderators,
  },
  CreateChannelBan: {
    call: (c, bearer, s) =>
      c.send(new CreateChannelBanCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MemberArn: s.users.peer })),
    allowed: moderators,
  },
  DescribeChannelBan: {
    call: (c, bearer, s) =>
      c.send(
        new DescribeChannelBanCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MemberArn: s.users.banned }),
      ),
    allowed: moderators,
  },
  ListChannelBans: {
    call: (c, bearer, s) => c.send(new ListChannelBansCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
    allowed: moderators,
  },
  DeleteChannelBan: {
    call: (c, bearer, s) =>
      c.send(new DeleteChannelBanCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, MemberArn: s.users.banned })),
    allowed: moderators,
  },
};

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, [
    "owner",
    "admin",
    "moderator",
    "member",
    "hidden",
    "outsider",
    "banned",
    "peer",
    "newcomer",
  ]);
  await makeAdmin(t.identity, app, "admin");
});
afterAll(() => t.close());

/** A fresh channel of the given kind with one user in each role and a message from its owner. */
async function scene(kind: Kind): Promise<Scene> {
  const { users } = app;
  const owner = users.owner;
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "matrix",
      ChimeBearer: owner,
      Privacy: kind.privacy,
      Mode: kind.mode,
      MemberArns: [users.member, users.peer, users.banned],
      ModeratorArns: [users.moderator],
    }),
  );
  const channelArn = ChannelArn as string;
  await t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: owner,
      MemberArn: users.hidden,
      Type: "HIDDEN",
    }),
  );
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channelArn, ChimeBearer: owner, MemberArn: users.banned }),
  );
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: owner,
      Content: "from the owner",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  return { channelArn, ownerMessageId: MessageId as string, users };
}

const cases = Object.entries(operations).flatMap(([name, operation]) =>
  kinds.flatMap((kind) =>
    roles.map((role) => {
      const rule = operation.allowed[role];
      const allowed = typeof rule === "function" ? rule(kind) : rule;
      return [
        name,
        role,
        `${kind.privacy} ${kind.mode}`,
        allowed ? "allowed" : "denied",
        operation.call,
        kind,
      ] as const;
    }),
  ),
);

test.each(cases)("%s by %s on a %s channel is %s", async (_name, role, _kind, outcome, call, kind) => {
  const s = await scene(kind);
  const attempt = call(t.messaging, app.users[role], s);
  if (outcome === "allowed") await expect(attempt).resolves.toBeDefined();
  else await expect(attempt).rejects.toBeInstanceOf(ForbiddenException);
});

test("a member may edit and redact their own messages", async () => {
  const s = await scene({ privacy: "PRIVATE", mode: "RESTRICTED" });
  const { MessageId } = await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: s.channelArn,
      ChimeBearer: app.users.member,
      Content: "mine",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  const own = { ChannelArn: s.channelArn, ChimeBearer: app.users.member, MessageId: MessageId as string };
  await expect(t.messaging.send(new UpdateChannelMessageCommand({ ...own, Content: "edited" }))).resolves.toBeDefined();
  await expect(t.messaging.send(new GetChannelMessageStatusCommand(own))).resolves.toMatchObject({
    Status: { Value: "SENT" },
  });
  await expect(t.messaging.send(new RedactChannelMessageCommand(own))).resolves.toBeDefined();
});

// Mobile push: membership preferences, on one's own membership only. "The user or bot must be a member of
// the channel. Only the user or bot who owns the membership can set preferences. Users or bots in the
// AppInstanceAdmin and channel moderator roles can't set preferences for other users. Banned users or bots
// can't set membership preferences for the channel from which they are banned." (the model, Get and Put).
describe("membership preferences", () => {
  /** On the caller's own membership: members only (the admin and the moderator here are not members). */
  const own: Record<Role, Rule> = { ...nobody, member: true, hidden: true };
  const preferenceOperations: Record<string, { call: Call; allowed: Record<Role, Rule> }> = {
    "GetChannelMembershipPreferences (own)": {
      call: (c, bearer, s) =>
        c.send(
          new GetChannelMembershipPreferencesCommand({
            ChannelArn: s.channelArn,
            ChimeBearer: bearer,
            MemberArn: bearer,
          }),
        ),
      allowed: own,
    },
    "PutChannelMembershipPreferences (own)": {
      call: (c, bearer, s) =>
        c.send(
          new PutChannelMembershipPreferencesCommand({
            ChannelArn: s.channelArn,
            ChimeBearer: bearer,
            MemberArn: bearer,
            Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
          }),
        ),
      allowed: own,
    },
    "GetChannelMembershipPreferences (another member's)": {
      call: (c, bearer, s) =>
        c.send(
          new GetChannelMembershipPreferencesCommand({
            ChannelArn: s.channelArn,
            ChimeBearer: bearer,
            MemberArn: s.users.peer,
          }),
        ),
      allowed: nobody,
    },
    "PutChannelMembershipPreferences (another member's)": {
      call: (c, bearer, s) =>
        c.send(
          new PutChannelMembershipPreferencesCommand({
            ChannelArn: s.channelArn,
            ChimeBearer: bearer,
            MemberArn: s.users.peer,
            Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
          }),
        ),
      allowed: nobody,
    },
  };
  const preferenceCases = Object.entries(preferenceOperations).flatMap(([name, operation]) =>
    kinds.flatMap((kind) =>
      roles.map((role) => {
        const rule = operation.allowed[role];
        const allowed = typeof rule === "function" ? rule(kind) : rule;
        return [
          name,
          role,
          `${kind.privacy} ${kind.mode}`,
          allowed ? "allowed" : "denied",
          operation.call,
          kind,
        ] as const;
      }),
    ),
  );

  test.each(preferenceCases)("%s by %s on a %s channel is %s", async (_name, role, _kind, outcome, call, kind) => {
    const s = await scene(kind);
    const attempt = call(t.messaging, app.users[role], s);
    if (outcome === "allowed") await expect(attempt).resolves.toMatchObject({ ChannelArn: s.channelArn });
    else await expect(attempt).rejects.toBeInstanceOf(ForbiddenException);
  });
});
