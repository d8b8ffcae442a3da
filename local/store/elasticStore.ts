/**
 * Elastic channels: their sub-channels and who is in which. Every member of an elastic channel also has
 * its channel-level membership (channelStore), which the sub-channel memberships hang on: removing it
 * removes the member from every sub-channel. A regular member is in one sub-channel; a moderator may
 * join several. A sub-channel's member_count (regular members) is kept by triggers (schema.ts).
 */
import type { Database, Page } from "./database";

export interface SubChannelRow {
  channelArn: string;
  subChannelId: string;
  /** Regular (not moderator) members. */
  memberCount: number;
  createdAt: number;
  /** Creation order (the rowid), the key of ListSubChannels' pages. */
  seq: number;
}

export interface SubChannelMembershipRow {
  channelArn: string;
  subChannelId: string;
  memberArn: string;
  moderator: boolean;
  createdAt: number;
}

const SUB_CHANNEL = `rowid AS seq, channel_arn AS channelArn, sub_channel_id AS subChannelId,
  member_count AS memberCount, created_at AS createdAt`;
const SUB_MEMBERSHIP = `channel_arn AS channelArn, sub_channel_id AS subChannelId, member_arn AS memberArn,
  moderator, created_at AS createdAt`;

const fromSql = (row: SubChannelMembershipRow): SubChannelMembershipRow => ({
  ...row,
  moderator: Boolean(row.moderator),
});

export function elasticStore(db: Database) {
  return {
    insertSubChannel(channelArn: string, subChannelId: string, createdAt: number): void {
      db.run(
        `INSERT INTO sub_channels (channel_arn, sub_channel_id, created_at) VALUES (@channelArn, @subChannelId, @createdAt)`,
        { channelArn, subChannelId, createdAt },
      );
    },

    getSubChannel(channelArn: string, subChannelId: string): SubChannelRow | undefined {
      return db.get(
        `SELECT ${SUB_CHANNEL} FROM sub_channels WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId`,
        { channelArn, subChannelId },
      );
    },

    /** Every sub-channel of the channel, oldest first (at most MaximumSubChannels). */
    listSubChannels(channelArn: string): SubChannelRow[] {
      return db.all(`SELECT ${SUB_CHANNEL} FROM sub_channels WHERE channel_arn = @channelArn ORDER BY rowid`, {
        channelArn,
      });
    },

    /** A page of sub-channels, oldest first, each with all its memberships counted (moderators' too). */
    pageSubChannels(
      channelArn: string,
      afterSeq: number | undefined,
      limit: number,
    ): Page<SubChannelRow & { membershipCount: number }> {
      return db.page(
        `SELECT ${SUB_CHANNEL}, (SELECT count(*) FROM sub_channel_memberships m
             WHERE m.channel_arn = s.channel_arn AND m.sub_channel_id = s.sub_channel_id) AS membershipCount
         FROM sub_channels s WHERE channel_arn = @channelArn AND rowid > @after ORDER BY rowid LIMIT @limit`,
        { channelArn, after: afterSeq ?? 0, limit },
      );
    },

    /** Deletes a sub-channel with its messages (its memberships go by cascade). */
    deleteSubChannel(channelArn: string, subChannelId: string): void {
      db.run(`DELETE FROM channel_messages WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId`, {
        channelArn,
        subChannelId,
      });
      db.run(`DELETE FROM sub_channels WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId`, {
        channelArn,
        subChannelId,
      });
    },

    /** Adds a sub-channel membership; false (nothing changed) when the member already is in it. */
    insertSubChannelMembership(row: SubChannelMembershipRow): boolean {
      return (
        db.run(
          `INSERT OR IGNORE INTO sub_channel_memberships (channel_arn, sub_channel_id, member_arn, moderator, created_at)
           VALUES (@channelArn, @subChannelId, @memberArn, @moderator, @createdAt)`,
          { ...row, moderator: row.moderator ? 1 : 0 },
        ).changes > 0
      );
    },

    deleteSubChannelMembership(channelArn: string, subChannelId: string, memberArn: string): boolean {
      return (
        db.run(
          `DELETE FROM sub_channel_memberships
           WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId AND member_arn = @memberArn`,
          { channelArn, subChannelId, memberArn },
        ).changes > 0
      );
    },

    /** Transfers a member to another sub-channel (balancing). */
    moveSubChannelMembership(channelArn: string, memberArn: string, from: string, to: string): void {
      db.run(
        `UPDATE sub_channel_memberships SET sub_channel_id = @to
         WHERE channel_arn = @channelArn AND sub_channel_id = @from AND member_arn = @memberArn`,
        { channelArn, memberArn, from, to },
      );
    },

    /** The sub-channels a member is in (one for a regular member), oldest membership first. */
    subChannelMembershipsOf(channelArn: string, memberArn: string): SubChannelMembershipRow[] {
      return db
        .all<SubChannelMembershipRow>(
          `SELECT ${SUB_MEMBERSHIP} FROM sub_channel_memberships WHERE channel_arn = @channelArn AND member_arn = @memberArn
           ORDER BY created_at, sub_channel_id`,
          { channelArn, memberArn },
        )
        .map(fromSql);
    },

    getSubChannelMembership(
      channelArn: string,
      subChannelId: string,
      memberArn: string,
    ): SubChannelMembershipRow | undefined {
      const row = db.get<SubChannelMembershipRow>(
        `SELECT ${SUB_MEMBERSHIP} FROM sub_channel_memberships
         WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId AND member_arn = @memberArn`,
        { channelArn, subChannelId, memberArn },
      );
      return row && fromSql(row);
    },

    /** Everybody in a sub-channel, moderators included: who hears its events. */
    subChannelMemberArns(channelArn: string, subChannelId: string): string[] {
      return db
        .all<{ memberArn: string }>(
          `SELECT member_arn AS memberArn FROM sub_channel_memberships
           WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId`,
          { channelArn, subChannelId },
        )
        .map((row) => row.memberArn);
    },

    listSubChannelMemberships(
      channelArn: string,
      subChannelId: string,
      after: string | undefined,
      limit: number,
    ): Page<SubChannelMembershipRow> {
      const page = db.page<SubChannelMembershipRow>(
        `SELECT ${SUB_MEMBERSHIP} FROM sub_channel_memberships
         WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId AND member_arn > @after
         ORDER BY member_arn LIMIT @limit`,
        { channelArn, subChannelId, after: after ?? "", limit },
      );
      return { ...page, items: page.items.map(fromSql) };
    },

    /** Up to `limit` regular members of a sub-channel, in ARN order: the ones balancing transfers. */
    regularMembersOf(channelArn: string, subChannelId: string, limit: number): string[] {
      return db
        .all<{ memberArn: string }>(
          `SELECT member_arn AS memberArn FROM sub_channel_memberships
           WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId AND moderator = 0
           ORDER BY member_arn LIMIT @limit`,
          { channelArn, subChannelId, limit },
        )
        .map((row) => row.memberArn);
    },

    /** How many regular members the channel has, across its sub-channels. */
    countElasticMembers(channelArn: string): number {
      return db.count(`SELECT coalesce(sum(member_count), 0) AS n FROM sub_channels WHERE channel_arn = @channelArn`, {
        channelArn,
      });
    },
  };
}

export type ElasticStore = ReturnType<typeof elasticStore>;
