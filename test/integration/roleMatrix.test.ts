/**
 * Chime's implicit authorization, table-driven: every channel operation, by every role, on every kind
 * of channel, through the SDK over HTTP. The expectations are the developer guide's role table
 * (docs/aws-behaviour.md §2), written here independently of the implementation.
 */
import {
  BadRequestException,
  AssociateChannelFlowCommand,
  ChannelFlowCallbackCommand,
  CreateChannelBanCommand,
  CreateChannelFlowCommand,
  DeleteChannelFlowCommand,
  DescribeChannelFlowCommand,
  DisassociateChannelFlowCommand,
  ListChannelFlowsCommand,
  ListChannelsAssociatedWithChannelFlowCommand,
  UpdateChannelFlowCommand,
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
  DescribeChannelModeratedByAppInstanceUserCommand,
  DescribeChannelModeratorCommand,
  ForbiddenException,
  GetChannelMembershipPreferencesCommand,
  GetChannelMessageCommand,
  GetChannelMessageStatusCommand,
  ListChannelBansCommand,
  ListChannelMembershipsCommand,
  ListChannelMessagesCommand,
  ListChannelModeratorsCommand,
  ListSubChannelsCommand,
  PutChannelExpirationSettingsCommand,
  PutChannelMembershipPreferencesCommand,
  RedactChannelMessageCommand,
  SearchChannelsCommand,
  SendChannelMessageCommand,
  UpdateChannelCommand,
  UpdateChannelMessageCommand,
  UpdateChannelReadMarkerCommand,
  type ChannelMode,
  type ChannelPrivacy,
  type ChimeSDKMessagingClient,
} from "@aws-sdk/client-chime-sdk-messaging";
import { associate, createFlow, RecordingInvoker, TEST_FUNCTION_ARN } from "../support/channelFlows";
import { createChannel, sendMessage } from "../support/channels";
import { expectDocumentedSuccess } from "../support/documentedStatus";
import { createApp, makeAdmin, startTestEndpoint, type AppFixture, type TestEndpoint } from "../support/localEndpoint";
import { messagingClientWith } from "../support/sts";

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

/** Every row of a table by every role on every kind of channel, with the outcome its rule gives. */
function roleCases(rows: Record<string, { call: Call; allowed: Record<Role, Rule> }>) {
  return Object.entries(rows).flatMap(([name, row]) =>
    kinds.flatMap((kind) =>
      roles.map((role) => {
        const rule = row.allowed[role];
        const allowed = typeof rule === "function" ? rule(kind) : rule;
        return [name, role, `${kind.privacy} ${kind.mode}`, allowed ? "allowed" : "denied", row.call, kind] as const;
      }),
    ),
  );
}

/**
 * One case of roleCases (`name` starts with its operation): the call on a fresh channel of its kind,
 * allowed (the operation's documented success status) or ForbiddenException.
 */
async function checkRoleCase(
  name: string,
  role: Role,
  outcome: "allowed" | "denied",
  call: Call,
  kind: Kind,
): Promise<void> {
  const s = await scene(kind);
  const attempt = call(t.messaging, app.users[role], s);
  if (outcome === "allowed") await expectDocumentedSuccess(name, attempt);
  else await expect(attempt).rejects.toBeInstanceOf(ForbiddenException);
}

test.each(roleCases(operations))("%s by %s on a %s channel is %s", (name, role, _kind, outcome, call, kind) =>
  checkRoleCase(name, role, outcome, call, kind),
);

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
  await expect(t.messaging.send(new UpdateChannelMessageCommand({ ...own, Content: "edited" }))).resolves.toMatchObject(
    {
      ChannelArn: s.channelArn,
      MessageId,
    },
  );
  await expect(t.messaging.send(new GetChannelMessageCommand(own))).resolves.toMatchObject({
    ChannelMessage: { Content: "edited" },
  });
  await expect(t.messaging.send(new GetChannelMessageStatusCommand(own))).resolves.toMatchObject({
    Status: { Value: "SENT" },
  });
  await expect(t.messaging.send(new RedactChannelMessageCommand(own))).resolves.toMatchObject({
    ChannelArn: s.channelArn,
    MessageId,
  });
  await expect(t.messaging.send(new GetChannelMessageCommand(own))).resolves.toMatchObject({
    ChannelMessage: { Redacted: true },
  });
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
  test.each(roleCases(preferenceOperations))(
    "%s by %s on a %s channel is %s",
    (name, role, _kind, outcome, call, kind) => checkRoleCase(name, role, outcome, call, kind),
  );
});

// ---------------------------------------------------------------------------------------------------
// Channel flows (docs/aws-behaviour.md §2 and §3). Implicit authorization: "Only administrators or
// channel moderators can associate [or disassociate] a channel flow". IAM: the resources the Service
// Authorization Reference names for each flow action, every one of them checked.

describe("channel flows: who may associate and disassociate", () => {
  let flowArn: string;
  beforeAll(async () => {
    flowArn = await createFlow(t.messaging, app);
  });

  const flowOperations: Record<string, { call: Call; allowed: Record<Role, Rule> }> = {
    AssociateChannelFlow: {
      call: (c, bearer, s) =>
        c.send(
          new AssociateChannelFlowCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer, ChannelFlowArn: flowArn }),
        ),
      allowed: moderators,
    },
    DisassociateChannelFlow: {
      call: async (c, bearer, s) => {
        await associate(t.messaging, s.channelArn, flowArn, s.users.owner);
        return c.send(
          new DisassociateChannelFlowCommand({
            ChannelArn: s.channelArn,
            ChimeBearer: bearer,
            ChannelFlowArn: flowArn,
          }),
        );
      },
      allowed: moderators,
    },
  };
  test.each(roleCases(flowOperations))("%s by %s on a %s channel is %s", (name, role, _kind, outcome, call, kind) =>
    checkRoleCase(name, role, outcome, call, kind),
  );
});

/**
 * Issue 15's operations, by role, on every kind of channel (the developer guide's role table,
 * docs/aws-behaviour.md §2, and the operations' API pages).
 */
describe("search, expiration, moderated channels and elastic channels by role", () => {
  const newRows: Record<string, { call: Call; allowed: Record<Role, Rule> }> = {
    // Expiring a channel is a deferred delete: who may delete it (the reading beside the operation).
    PutChannelExpirationSettings: {
      call: (c, bearer, s) =>
        c.send(
          new PutChannelExpirationSettingsCommand({
            ChannelArn: s.channelArn,
            ChimeBearer: bearer,
            ExpirationSettings: { ExpirationDays: 30, ExpirationCriterion: "CREATED_TIMESTAMP" },
          }),
        ),
      allowed: moderators,
    },
    // "own ARN" for everybody; the bearer's own question is answered only if it moderates the channel.
    "DescribeChannelModeratedByAppInstanceUser (own ARN)": {
      call: (c, bearer, s) =>
        c.send(
          new DescribeChannelModeratedByAppInstanceUserCommand({
            ChannelArn: s.channelArn,
            AppInstanceUserArn: bearer,
            ChimeBearer: bearer,
          }),
        ),
      allowed: { ...nobody, moderator: true },
    },
    "DescribeChannelModeratedByAppInstanceUser (another user)": {
      call: (c, bearer, s) =>
        c.send(
          new DescribeChannelModeratedByAppInstanceUserCommand({
            ChannelArn: s.channelArn,
            AppInstanceUserArn: s.users.owner,
            ChimeBearer: bearer,
          }),
        ),
      allowed: { ...nobody, admin: true },
    },
  };
  test.each(roleCases(newRows))("%s by %s on a %s channel is %s", (name, role, _kind, outcome, call, kind) =>
    checkRoleCase(name, role, outcome, call, kind),
  );

  // SearchChannels refuses nobody: it finds the channels the bearer belongs to (an admin: all).
  const findsIt: Record<Role, boolean> = {
    admin: true,
    moderator: false,
    member: true,
    hidden: true,
    outsider: false,
    banned: false,
  };
  test.each(kinds.flatMap((kind) => roles.map((role) => [role, `${kind.privacy} ${kind.mode}`, kind] as const)))(
    "SearchChannels by %s finds a %s channel only if they belong to it (admins: always)",
    async (role, _kind, kind) => {
      const s = await scene(kind);
      const found: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await t.messaging.send(
          new SearchChannelsCommand({
            ChimeBearer: app.users[role],
            Fields: [{ Key: "MEMBERS", Operator: "INCLUDES", Values: [s.users.owner, s.users.peer] }],
            NextToken,
          }),
        );
        found.push(...(page.Channels ?? []).map((c) => c.ChannelArn as string));
        NextToken = page.NextToken;
      } while (NextToken);
      expect(found.includes(s.channelArn)).toBe(findsIt[role]);
    },
  );

  /** An elastic channel (RESTRICTED, PUBLIC or PRIVATE) with a moderator, two members and a message of the owner. */
  async function elasticScene(privacy: ChannelPrivacy) {
    const { users } = app;
    const { ChannelArn } = await t.messaging.send(
      new CreateChannelCommand({
        AppInstanceArn: app.appInstanceArn,
        Name: "elastic matrix",
        ChimeBearer: users.owner,
        Privacy: privacy,
        ModeratorArns: [users.moderator],
        ElasticChannelConfiguration: {
          MaximumSubChannels: 2,
          TargetMembershipsPerSubChannel: 10,
          MinimumMembershipPercentage: 10,
        },
      }),
    );
    const channelArn = ChannelArn as string;
    for (const member of [users.member, users.peer]) {
      await t.messaging.send(
        new CreateChannelMembershipCommand({
          ChannelArn: channelArn,
          ChimeBearer: users.owner,
          MemberArn: member,
          Type: "DEFAULT",
        }),
      );
    }
    const { SubChannels } = await t.messaging.send(
      new ListSubChannelsCommand({ ChannelArn: channelArn, ChimeBearer: users.owner }),
    );
    const subChannelId = SubChannels?.[0]?.SubChannelId as string;
    await t.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: channelArn,
        ChimeBearer: users.owner,
        MemberArn: users.owner,
        Type: "DEFAULT",
        SubChannelId: subChannelId,
      }),
    );
    const { MessageId } = await t.messaging.send(
      new SendChannelMessageCommand({
        ChannelArn: channelArn,
        SubChannelId: subChannelId,
        ChimeBearer: users.owner,
        Content: "from the owner",
        Type: "STANDARD",
        Persistence: "PERSISTENT",
      }),
    );
    return { channelArn, subChannelId, ownerMessageId: MessageId as string };
  }

  const elasticRoles = ["admin", "moderator", "member", "outsider"] as const;
  let flowArn: Promise<string> | undefined;
  const elasticFlow = () => (flowArn ??= createFlow(t.messaging, app));
  type ElasticScene = Awaited<ReturnType<typeof elasticScene>>;
  const elasticRows: Record<
    string,
    {
      call: (bearer: string, s: ElasticScene) => Promise<unknown>;
      allowed: Record<(typeof elasticRoles)[number], boolean>;
    }
  > = {
    ListSubChannels: {
      call: (bearer, s) =>
        t.messaging.send(new ListSubChannelsCommand({ ChannelArn: s.channelArn, ChimeBearer: bearer })),
      allowed: { admin: true, moderator: true, member: false, outsider: false },
    },
    // A sub-channel's messages: its members, the channel's moderators and admins; nobody else, PUBLIC or not.
    "ListChannelMessages (a sub-channel)": {
      call: (bearer, s) =>
        t.messaging.send(
          new ListChannelMessagesCommand({
            ChannelArn: s.channelArn,
            SubChannelId: s.subChannelId,
            ChimeBearer: bearer,
          }),
        ),
      allowed: { admin: true, moderator: true, member: true, outsider: false },
    },
    "GetChannelMessage (a sub-channel)": {
      call: (bearer, s) =>
        t.messaging.send(
          new GetChannelMessageCommand({
            ChannelArn: s.channelArn,
            SubChannelId: s.subChannelId,
            MessageId: s.ownerMessageId,
            ChimeBearer: bearer,
          }),
        ),
      allowed: { admin: true, moderator: true, member: true, outsider: false },
    },
    // Sending needs a membership of the sub-channel: moderators and admins join one by name first.
    "SendChannelMessage (a sub-channel)": {
      call: (bearer, s) =>
        t.messaging.send(
          new SendChannelMessageCommand({
            ChannelArn: s.channelArn,
            SubChannelId: s.subChannelId,
            ChimeBearer: bearer,
            Content: "hi",
            Type: "STANDARD",
            Persistence: "PERSISTENT",
          }),
        ),
      allowed: { admin: false, moderator: false, member: true, outsider: false },
    },
    "RedactChannelMessage (another's, a sub-channel)": {
      call: (bearer, s) =>
        t.messaging.send(
          new RedactChannelMessageCommand({
            ChannelArn: s.channelArn,
            SubChannelId: s.subChannelId,
            MessageId: s.ownerMessageId,
            ChimeBearer: bearer,
          }),
        ),
      allowed: { admin: true, moderator: true, member: false, outsider: false },
    },
    // Elastic channels run channel flows too (DG "Using elastic channels", "Additional supported
    // features"): associated, as on any channel, by its moderators and the app instance's admins.
    "AssociateChannelFlow (an elastic channel)": {
      call: async (bearer, s) =>
        t.messaging.send(
          new AssociateChannelFlowCommand({
            ChannelArn: s.channelArn,
            ChannelFlowArn: await elasticFlow(),
            ChimeBearer: bearer,
          }),
        ),
      allowed: { admin: true, moderator: true, member: false, outsider: false },
    },
  };
  const elasticCases = Object.entries(elasticRows).flatMap(([name, row]) =>
    (["PUBLIC", "PRIVATE"] as const).flatMap((privacy) =>
      elasticRoles.map((role) => [name, role, privacy, row.allowed[role] ? "allowed" : "denied", row.call] as const),
    ),
  );

  test.each(elasticCases)("%s by %s on a %s elastic channel is %s", async (name, role, privacy, outcome, call) => {
    const s = await elasticScene(privacy);
    const attempt = call(app.users[role], s);
    if (outcome === "allowed") await expectDocumentedSuccess(name, attempt);
    else await expect(attempt).rejects.toBeInstanceOf(ForbiddenException);
  });

  // "Elastic channels don't support hidden memberships, membership preferences, and read message
  // timestamps": nobody's, not even a member's own.
  test.each(elasticRoles)(
    "Get/PutChannelMembershipPreferences (own) by %s on an elastic channel: BadRequestException",
    async (role) => {
      const s = await elasticScene("PUBLIC");
      const own = { ChannelArn: s.channelArn, ChimeBearer: app.users[role], MemberArn: app.users[role] };
      await expect(t.messaging.send(new GetChannelMembershipPreferencesCommand(own))).rejects.toBeInstanceOf(
        BadRequestException,
      );
      await expect(
        t.messaging.send(
          new PutChannelMembershipPreferencesCommand({
            ...own,
            Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
          }),
        ),
      ).rejects.toBeInstanceOf(BadRequestException);
    },
  );
});

describe("channel flows: the resources IAM checks for each action", () => {
  type Resource = "appInstance" | "user" | "channel" | "flow";
  const patterns: Record<Resource, string> = {
    appInstance: "{{AppInstanceArn}}",
    user: "{{AppInstanceArn}}/user/*",
    channel: "{{AppInstanceArn}}/channel/*",
    flow: "{{AppInstanceArn}}/channel-flow/*",
  };
  /** Written from the SAR (docs/aws-behaviour.md §3), not from the endpoint's code. */
  const checked: Record<string, Resource[]> = {
    CreateChannelFlow: ["appInstance"],
    DescribeChannelFlow: ["flow"],
    UpdateChannelFlow: ["flow"],
    DeleteChannelFlow: ["flow"],
    ListChannelFlows: ["flow"],
    ListChannelsAssociatedWithChannelFlow: ["flow"],
    AssociateChannelFlow: ["user", "channel", "flow"],
    DisassociateChannelFlow: ["user", "channel", "flow"],
    ChannelFlowCallback: ["channel"],
  };

  /** A server role granting each flow action on its resources, less `withheld`. */
  function policy(withheld: Resource | undefined): string {
    const Statement = Object.entries(checked)
      .map(([action, resources]) => ({ action, resources: resources.filter((r) => r !== withheld) }))
      .filter(({ resources }) => resources.length > 0)
      .map(({ action, resources }) => ({
        Effect: "Allow",
        Action: `chime:${action}`,
        Resource: resources.map((r) => patterns[r]),
      }));
    return JSON.stringify({ Version: "2012-10-17", Statement });
  }

  interface Fixture {
    t: TestEndpoint;
    app: AppFixture;
    invoker: RecordingInvoker;
  }
  const processors = [
    {
      Name: "p",
      ExecutionOrder: 1,
      FallbackAction: "ABORT" as const,
      Configuration: { Lambda: { ResourceArn: TEST_FUNCTION_ARN, InvocationType: "ASYNC" as const } },
    },
  ];

  /** Calls `action` with the server key, on resources the developer key made for it. */
  async function attempt(f: Fixture, action: string): Promise<unknown> {
    const server = messagingClientWith(f.t, f.t.credentials.server);
    const developer = f.t.messaging;
    const owner = f.app.users.owner;
    try {
      const flowArn = await createFlow(developer, f.app);
      const channelArn = await createChannel(developer, f.app, { owner: "owner", members: ["member"] });
      switch (action) {
        case "CreateChannelFlow":
          return await server.send(
            new CreateChannelFlowCommand({ AppInstanceArn: f.app.appInstanceArn, Name: "n", Processors: processors }),
          );
        case "DescribeChannelFlow":
          return await server.send(new DescribeChannelFlowCommand({ ChannelFlowArn: flowArn }));
        case "UpdateChannelFlow":
          return await server.send(
            new UpdateChannelFlowCommand({ ChannelFlowArn: flowArn, Name: "n", Processors: processors }),
          );
        case "DeleteChannelFlow":
          return await server.send(new DeleteChannelFlowCommand({ ChannelFlowArn: flowArn }));
        case "ListChannelFlows":
          return await server.send(new ListChannelFlowsCommand({ AppInstanceArn: f.app.appInstanceArn }));
        case "ListChannelsAssociatedWithChannelFlow":
          return await server.send(new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: flowArn }));
        case "AssociateChannelFlow":
          return await server.send(
            new AssociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn: flowArn, ChimeBearer: owner }),
          );
        case "DisassociateChannelFlow":
          await associate(developer, channelArn, flowArn, owner);
          return await server.send(
            new DisassociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn: flowArn, ChimeBearer: owner }),
          );
        case "ChannelFlowCallback": {
          await associate(developer, channelArn, flowArn, owner);
          const messageId = await sendMessage(developer, channelArn, f.app.users.member, "to process");
          const { event } = await f.invoker.next(messageId);
          return await server.send(
            new ChannelFlowCallbackCommand({
              ChannelArn: channelArn,
              CallbackId: event.CallbackId,
              ChannelMessage: { MessageId: messageId },
            }),
          );
        }
        default:
          throw new Error(`no call for ${action}`);
      }
    } finally {
      server.destroy();
    }
  }

  const variants: (Resource | undefined)[] = [undefined, "appInstance", "user", "channel", "flow"];
  const fixtures = new Map<Resource | undefined, Fixture>();
  beforeAll(async () => {
    for (const withheld of variants) {
      const invoker = new RecordingInvoker();
      const endpoint = await startTestEndpoint({
        lambda: invoker,
        account: { policyTemplates: { "server-role": policy(withheld) } },
      });
      const fixtureApp = await createApp(endpoint.identity, ["owner", "member"]);
      await endpoint.usePoliciesFor(fixtureApp.appInstanceArn);
      fixtures.set(withheld, { t: endpoint, app: fixtureApp, invoker });
    }
  });
  afterAll(async () => {
    for (const fixture of fixtures.values()) await fixture.t.close();
  });

  const iamCases = variants.flatMap((withheld) =>
    Object.entries(checked).map(([action, resources]) => {
      const denied = withheld !== undefined && resources.includes(withheld);
      return [
        action,
        withheld ? `without ${withheld}` : "on exactly its resources",
        denied ? "denied" : "allowed",
        withheld,
      ] as const;
    }),
  );

  test.each(iamCases)("%s granted %s is %s by IAM", async (action, _grant, outcome, withheld) => {
    const result = attempt(fixtures.get(withheld) as Fixture, action);
    if (outcome === "denied") {
      await expect(result).rejects.toMatchObject({
        name: "AccessDeniedException",
        message: expect.stringContaining(`chime:${action}`) as string,
      });
    } else {
      await expect(result).resolves.toMatchObject({ $metadata: { httpStatusCode: expect.any(Number) as number } });
    }
  });
});
