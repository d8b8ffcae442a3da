/**
 * SearchChannels' query: the channels of an app instance whose DEFAULT members include a set of users,
 * or are exactly that set, optionally only among the channels a user belongs to. It starts from the
 * memberships of the first user searched for (an index range), so its cost follows that user's
 * channels, not the app instance's.
 */
import type { ChannelStore } from "./channelStore";
import type { ChannelRow } from "./channelStore";
import type { Database, Page } from "./database";

export interface ChannelSearch {
  appInstanceArn: string;
  /** The DEFAULT members every channel found has (one at least). */
  members: string[];
  /** True: the channel's DEFAULT members are exactly `members`. */
  exact: boolean;
  /** Only channels this user belongs to (any membership type); undefined for all channels. */
  within?: string;
  after?: string;
  limit: number;
}

export function channelSearchStore(db: Database, channels: Pick<ChannelStore, "getChannel">) {
  return {
    searchChannels(search: ChannelSearch): Page<ChannelRow> {
      const members = [...new Set(search.members)];
      const page = db.page<{ arn: string }>(
        `SELECT c.arn FROM channels c
         WHERE c.arn IN (SELECT channel_arn FROM channel_memberships
                         WHERE member_arn = @first AND type = 'DEFAULT' AND channel_arn > @after)
           AND c.app_instance_arn = @appInstanceArn
           AND (@within IS NULL OR EXISTS (SELECT 1 FROM channel_memberships w
                                           WHERE w.channel_arn = c.arn AND w.member_arn = @within))
           AND (SELECT count(*) FROM channel_memberships m
                WHERE m.channel_arn = c.arn AND m.type = 'DEFAULT'
                  AND m.member_arn IN (SELECT value FROM json_each(@members))) = @memberCount
           AND (@exact = 0 OR (SELECT count(*) FROM channel_memberships m
                               WHERE m.channel_arn = c.arn AND m.type = 'DEFAULT') = @memberCount)
         ORDER BY c.arn LIMIT @limit`,
        {
          first: members[0],
          after: search.after ?? "",
          appInstanceArn: search.appInstanceArn,
          within: search.within ?? null,
          members: JSON.stringify(members),
          memberCount: members.length,
          exact: search.exact ? 1 : 0,
          limit: search.limit,
        },
      );
      return { ...page, items: page.items.map((row) => channels.getChannel(row.arn) as ChannelRow) };
    },
  };
}

export type ChannelSearchStore = ReturnType<typeof channelSearchStore>;
