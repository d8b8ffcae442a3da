/** Channels and who is in them: memberships, moderators, bans. */
import type { Database, Page, Params } from "./database";

export type ChannelMode = "UNRESTRICTED" | "RESTRICTED";
export type ChannelPrivacy = "PUBLIC" | "PRIVATE";
export type MembershipType = "DEFAULT" | "HIDDEN";

export interface ChannelRow {
  arn: string;
  appInstanceArn: string;
  name: string;
  mode: ChannelMode;
  privacy: ChannelPrivacy;
  metadata: string | null;
  createdBy: string;
  expirationSettings: string | null;
  createdAt: number;
  updatedAt: number;
  lastMessageAt: number | null;
  /** JSON of the model's ElasticChannelConfiguration; null for an ordinary channel. */
  elasticConfiguration: string | null;
}

export interface MembershipRow {
  channelArn: string;
  memberArn: string;
  type: MembershipType;
  invitedBy: string;
  createdAt: number;
  updatedAt: number;
  readMarkerAt: number | null;
}

export interface ModeratorRow {
  channelArn: string;
  moderatorArn: string;
  createdBy: string;
  createdAt: number;
}

export interface BanRow {
  channelArn: string;
  memberArn: string;
  createdBy: string;
  createdAt: number;
}

/** getChannelAccess's row: the channel's columns, the user's membership's (null: none), moderator or not. */
interface ChannelAccessRow extends ChannelRow {
  memberType: MembershipType | null;
  memberInvitedBy: string | null;
  memberCreatedAt: number | null;
  memberUpdatedAt: number | null;
  memberReadMarkerAt: number | null;
  isModerator: number;
}

/** A channels row as a ChannelRow (other stores that list channels select it too). */
export const CHANNEL = `arn, app_instance_arn AS appInstanceArn, name, mode, privacy, metadata, created_by AS createdBy,
  expiration_settings AS expirationSettings, created_at AS createdAt, updated_at AS updatedAt,
  last_message_at AS lastMessageAt, elastic_configuration AS elasticConfiguration`;
const MEMBERSHIP = `channel_arn AS channelArn, member_arn AS memberArn, type, invited_by AS invitedBy,
  created_at AS createdAt, updated_at AS updatedAt, read_marker_at AS readMarkerAt`;
const MODERATOR = `channel_arn AS channelArn, moderator_arn AS moderatorArn, created_by AS createdBy, created_at AS createdAt`;
const BAN = `channel_arn AS channelArn, member_arn AS memberArn, created_by AS createdBy, created_at AS createdAt`;

/**
 * Memberships, moderators and bans are each a table of (channel, user) rows: the same insert, read,
 * delete, count and keyset page of a channel by user ARN, told apart by the table, its user column,
 * the columns it selects and those it inserts.
 */
function channelUserTable<Row extends object>(
  db: Database,
  { table, userColumn, select, insert }: { table: string; userColumn: string; select: string; insert: string },
) {
  const pair = `channel_arn = @channelArn AND ${userColumn} = @userArn`;
  return {
    /** Adds a row; false (and nothing changed) when the channel already has one for the user. */
    insert: (row: Row): boolean =>
      // The row's fields are the statement's named parameters (a generic row is no Params to TypeScript).
      db.run(`INSERT OR IGNORE INTO ${table} ${insert}`, { ...row } as Params).changes > 0,
    get: (channelArn: string, userArn: string): Row | undefined =>
      db.get(`SELECT ${select} FROM ${table} WHERE ${pair}`, { channelArn, userArn }),
    delete: (channelArn: string, userArn: string): boolean =>
      db.run(`DELETE FROM ${table} WHERE ${pair}`, { channelArn, userArn }).changes > 0,
    count: (channelArn: string): number =>
      db.count(`SELECT count(*) AS n FROM ${table} WHERE channel_arn = @channelArn`, { channelArn }),
    /** A page of the channel's rows by user ARN; `where` narrows them (with its parameters in `params`). */
    page: (channelArn: string, after: string | undefined, limit: number, where = "", params: Params = {}): Page<Row> =>
      db.page(
        `SELECT ${select} FROM ${table} WHERE channel_arn = @channelArn${where} AND ${userColumn} > @after
         ORDER BY ${userColumn} LIMIT @limit`,
        { ...params, channelArn, after: after ?? "", limit },
      ),
  };
}

export function channelStore(db: Database) {
  const getChannel = (arn: string): ChannelRow | undefined =>
    db.get(`SELECT ${CHANNEL} FROM channels WHERE arn = @arn`, { arn });
  const memberships = channelUserTable<MembershipRow>(db, {
    table: "channel_memberships",
    userColumn: "member_arn",
    select: MEMBERSHIP,
    insert: `(channel_arn, member_arn, type, invited_by, created_at, updated_at, read_marker_at)
      VALUES (@channelArn, @memberArn, @type, @invitedBy, @createdAt, @updatedAt, @readMarkerAt)`,
  });
  const moderators = channelUserTable<ModeratorRow>(db, {
    table: "channel_moderators",
    userColumn: "moderator_arn",
    select: MODERATOR,
    insert: `(channel_arn, moderator_arn, created_by, created_at) VALUES (@channelArn, @moderatorArn, @createdBy, @createdAt)`,
  });
  const bans = channelUserTable<BanRow>(db, {
    table: "channel_bans",
    userColumn: "member_arn",
    select: BAN,
    insert: `(channel_arn, member_arn, created_by, created_at) VALUES (@channelArn, @memberArn, @createdBy, @createdAt)`,
  });

  return {
    /**
     * A channel and one user's relation to it (membership, moderator), in one read: what every call on
     * a channel checks its bearer against.
     */
    getChannelAccess(
      channelArn: string,
      userArn: string,
    ): { channel: ChannelRow; membership: MembershipRow | undefined; isModerator: boolean } | undefined {
      const row = db.get<ChannelAccessRow>(
        `SELECT channel.*, member.type AS memberType, member.invitedBy AS memberInvitedBy,
           member.createdAt AS memberCreatedAt, member.updatedAt AS memberUpdatedAt,
           member.readMarkerAt AS memberReadMarkerAt,
           EXISTS (SELECT 1 FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn = @userArn)
             AS isModerator
         FROM (SELECT ${CHANNEL} FROM channels WHERE arn = @channelArn) AS channel
         LEFT JOIN (SELECT ${MEMBERSHIP} FROM channel_memberships WHERE channel_arn = @channelArn AND member_arn = @userArn)
           AS member ON 1`,
        { channelArn, userArn },
      );
      if (!row) return undefined;
      const {
        memberType,
        memberInvitedBy,
        memberCreatedAt,
        memberUpdatedAt,
        memberReadMarkerAt,
        isModerator,
        ...channel
      } = row;
      const membership: MembershipRow | undefined =
        memberType === null
          ? undefined
          : {
              channelArn,
              memberArn: userArn,
              type: memberType,
              invitedBy: memberInvitedBy as string,
              createdAt: memberCreatedAt as number,
              updatedAt: memberUpdatedAt as number,
              readMarkerAt: memberReadMarkerAt,
            };
      return { channel, membership, isModerator: isModerator === 1 };
    },

    // Channels

    insertChannel(row: ChannelRow): void {
      db.run(
        `INSERT INTO channels (arn, app_instance_arn, name, mode, privacy, metadata, created_by, expiration_settings,
           created_at, updated_at, last_message_at, elastic_configuration)
         VALUES (@arn, @appInstanceArn, @name, @mode, @privacy, @metadata, @createdBy, @expirationSettings,
           @createdAt, @updatedAt, @lastMessageAt, @elasticConfiguration)`,
        { ...row },
      );
    },

    getChannel,

    updateChannel(
      arn: string,
      fields: { name: string; mode: ChannelMode; metadata: string | null; updatedAt: number },
    ): void {
      db.run(
        `UPDATE channels SET name = @name, mode = @mode, metadata = @metadata, updated_at = @updatedAt WHERE arn = @arn`,
        { arn, ...fields },
      );
    },

    setChannelExpiration(arn: string, expirationSettings: string | null, updatedAt: number): void {
      db.run(
        `UPDATE channels SET expiration_settings = @expirationSettings, updated_at = @updatedAt WHERE arn = @arn`,
        { arn, expirationSettings, updatedAt },
      );
    },

    deleteChannel(arn: string): void {
      db.run(`DELETE FROM channels WHERE arn = @arn`, { arn });
    },

    listChannels(
      appInstanceArn: string,
      privacy: ChannelPrivacy,
      after: string | undefined,
      limit: number,
    ): Page<ChannelRow> {
      return db.page(
        `SELECT ${CHANNEL} FROM channels WHERE app_instance_arn = @appInstanceArn AND privacy = @privacy AND arn > @after
         ORDER BY arn LIMIT @limit`,
        { appInstanceArn, privacy, after: after ?? "", limit },
      );
    },

    countChannels(appInstanceArn: string): number {
      return db.count(`SELECT count(*) AS n FROM channels WHERE app_instance_arn = @appInstanceArn`, {
        appInstanceArn,
      });
    },

    /** Moves the channel's last message time forward (never back) to `at`. */
    touchLastMessage(channelArn: string, at: number): void {
      db.run(`UPDATE channels SET last_message_at = max(coalesce(last_message_at, 0), @at) WHERE arn = @channelArn`, {
        channelArn,
        at,
      });
    },

    // Memberships

    /** Adds a membership; returns false (and changes nothing) when the user is already a member. */
    insertMembership: memberships.insert,
    getMembership: memberships.get,
    deleteMembership: memberships.delete,

    setReadMarker(channelArn: string, memberArn: string, at: number): void {
      db.run(
        `UPDATE channel_memberships SET read_marker_at = @at WHERE channel_arn = @channelArn AND member_arn = @memberArn`,
        { channelArn, memberArn, at },
      );
    },

    listMemberships(
      channelArn: string,
      type: MembershipType,
      after: string | undefined,
      limit: number,
    ): Page<MembershipRow> {
      return memberships.page(channelArn, after, limit, " AND type = @type", { type });
    },

    /** Every member of a channel, DEFAULT and HIDDEN. */
    listMemberArns(channelArn: string): string[] {
      return db
        .all<{
          memberArn: string;
        }>(`SELECT member_arn AS memberArn FROM channel_memberships WHERE channel_arn = @channelArn`, { channelArn })
        .map((row) => row.memberArn);
    },

    countMemberships: memberships.count,

    /** How many channels the user is a member of. */
    countMembershipsOfUser(memberArn: string): number {
      return db.count(`SELECT count(*) AS n FROM channel_memberships WHERE member_arn = @memberArn`, { memberArn });
    },

    listMembershipsOfUser(
      memberArn: string,
      after: string | undefined,
      limit: number,
    ): Page<MembershipRow & { channel: ChannelRow }> {
      const page = db.page<MembershipRow>(
        `SELECT ${MEMBERSHIP} FROM channel_memberships WHERE member_arn = @memberArn AND channel_arn > @after
         ORDER BY channel_arn LIMIT @limit`,
        { memberArn, after: after ?? "", limit },
      );
      return { ...page, items: page.items.map((m) => ({ ...m, channel: getChannel(m.channelArn) as ChannelRow })) };
    },

    // Moderators

    insertModerator: moderators.insert,
    getModerator: moderators.get,
    deleteModerator: moderators.delete,
    listModerators: (channelArn: string, after: string | undefined, limit: number) =>
      moderators.page(channelArn, after, limit),
    countModerators: moderators.count,

    listChannelsModeratedBy(moderatorArn: string, after: string | undefined, limit: number): Page<ChannelRow> {
      return db.page(
        `SELECT ${CHANNEL} FROM channels WHERE arn IN (
           SELECT channel_arn FROM channel_moderators WHERE moderator_arn = @moderatorArn AND channel_arn > @after
         ) ORDER BY arn LIMIT @limit`,
        { moderatorArn, after: after ?? "", limit },
      );
    },

    // Bans

    insertBan: bans.insert,
    getBan: bans.get,
    deleteBan: bans.delete,
    listBans: (channelArn: string, after: string | undefined, limit: number) => bans.page(channelArn, after, limit),
  };
}

export type ChannelStore = ReturnType<typeof channelStore>;
