/** Channels and who is in them: memberships, moderators, bans. */
import type { Database, Page } from "./database";

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

/** A channels row as a ChannelRow (other stores that list channels select it too). */
export const CHANNEL = `arn, app_instance_arn AS appInstanceArn, name, mode, privacy, metadata, created_by AS createdBy,
  expiration_settings AS expirationSettings, created_at AS createdAt, updated_at AS updatedAt,
  last_message_at AS lastMessageAt, elastic_configuration AS elasticConfiguration`;
const MEMBERSHIP = `channel_arn AS channelArn, member_arn AS memberArn, type, invited_by AS invitedBy,
  created_at AS createdAt, updated_at AS updatedAt, read_marker_at AS readMarkerAt`;
const MODERATOR = `channel_arn AS channelArn, moderator_arn AS moderatorArn, created_by AS createdBy, created_at AS createdAt`;
const BAN = `channel_arn AS channelArn, member_arn AS memberArn, created_by AS createdBy, created_at AS createdAt`;

export function channelStore(db: Database) {
  const getChannel = (arn: string): ChannelRow | undefined =>
    db.get(`SELECT ${CHANNEL} FROM channels WHERE arn = @arn`, { arn });

  return {
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
    insertMembership(row: MembershipRow): boolean {
      return (
        db.run(
          `INSERT OR IGNORE INTO channel_memberships (channel_arn, member_arn, type, invited_by, created_at, updated_at, read_marker_at)
           VALUES (@channelArn, @memberArn, @type, @invitedBy, @createdAt, @updatedAt, @readMarkerAt)`,
          { ...row },
        ).changes > 0
      );
    },

    getMembership(channelArn: string, memberArn: string): MembershipRow | undefined {
      return db.get(
        `SELECT ${MEMBERSHIP} FROM channel_memberships WHERE channel_arn = @channelArn AND member_arn = @memberArn`,
        { channelArn, memberArn },
      );
    },

    deleteMembership(channelArn: string, memberArn: string): boolean {
      return (
        db.run(`DELETE FROM channel_memberships WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
          channelArn,
          memberArn,
        }).changes > 0
      );
    },

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
      return db.page(
        `SELECT ${MEMBERSHIP} FROM channel_memberships WHERE channel_arn = @channelArn AND type = @type AND member_arn > @after
         ORDER BY member_arn LIMIT @limit`,
        { channelArn, type, after: after ?? "", limit },
      );
    },

    /** Every member of a channel, DEFAULT and HIDDEN. */
    listMemberArns(channelArn: string): string[] {
      return db
        .all<{
          memberArn: string;
        }>(`SELECT member_arn AS memberArn FROM channel_memberships WHERE channel_arn = @channelArn`, { channelArn })
        .map((row) => row.memberArn);
    },

    countMemberships(channelArn: string): number {
      return db.count(`SELECT count(*) AS n FROM channel_memberships WHERE channel_arn = @channelArn`, { channelArn });
    },

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

    insertModerator(row: ModeratorRow): boolean {
      return (
        db.run(
          `INSERT OR IGNORE INTO channel_moderators (channel_arn, moderator_arn, created_by, created_at)
           VALUES (@channelArn, @moderatorArn, @createdBy, @createdAt)`,
          { ...row },
        ).changes > 0
      );
    },

    getModerator(channelArn: string, moderatorArn: string): ModeratorRow | undefined {
      return db.get(
        `SELECT ${MODERATOR} FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn = @moderatorArn`,
        { channelArn, moderatorArn },
      );
    },

    deleteModerator(channelArn: string, moderatorArn: string): boolean {
      return (
        db.run(`DELETE FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn = @moderatorArn`, {
          channelArn,
          moderatorArn,
        }).changes > 0
      );
    },

    listModerators(channelArn: string, after: string | undefined, limit: number): Page<ModeratorRow> {
      return db.page(
        `SELECT ${MODERATOR} FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn > @after
         ORDER BY moderator_arn LIMIT @limit`,
        { channelArn, after: after ?? "", limit },
      );
    },

    countModerators(channelArn: string): number {
      return db.count(`SELECT count(*) AS n FROM channel_moderators WHERE channel_arn = @channelArn`, { channelArn });
    },

    listChannelsModeratedBy(moderatorArn: string, after: string | undefined, limit: number): Page<ChannelRow> {
      return db.page(
        `SELECT ${CHANNEL} FROM channels WHERE arn IN (
           SELECT channel_arn FROM channel_moderators WHERE moderator_arn = @moderatorArn AND channel_arn > @after
         ) ORDER BY arn LIMIT @limit`,
        { moderatorArn, after: after ?? "", limit },
      );
    },

    // Bans

    insertBan(row: BanRow): boolean {
      return (
        db.run(
          `INSERT OR IGNORE INTO channel_bans (channel_arn, member_arn, created_by, created_at)
           VALUES (@channelArn, @memberArn, @createdBy, @createdAt)`,
          { ...row },
        ).changes > 0
      );
    },

    getBan(channelArn: string, memberArn: string): BanRow | undefined {
      return db.get(`SELECT ${BAN} FROM channel_bans WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
        channelArn,
        memberArn,
      });
    },

    deleteBan(channelArn: string, memberArn: string): boolean {
      return (
        db.run(`DELETE FROM channel_bans WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
          channelArn,
          memberArn,
        }).changes > 0
      );
    },

    listBans(channelArn: string, after: string | undefined, limit: number): Page<BanRow> {
      return db.page(
        `SELECT ${BAN} FROM channel_bans WHERE channel_arn = @channelArn AND member_arn > @after
         ORDER BY member_arn LIMIT @limit`,
        { channelArn, after: after ?? "", limit },
      );
    },
  };
}

export type ChannelStore = ReturnType<typeof channelStore>;
