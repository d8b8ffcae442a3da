/**
 * Mobile push: the local account's push applications (the Amazon Pinpoint apps Chime sends through),
 * the users' device endpoints, the members' notification preferences, and the push outbox (what would
 * have gone to APNs or FCM).
 */
import type { Database, Page } from "./database";

export type EndpointType = "APNS" | "APNS_SANDBOX" | "GCM";
/** A push application's channels, as Pinpoint names them (APNS_VOIP* carry VoIP pushes). */
export type PushChannel = "APNS" | "APNS_SANDBOX" | "APNS_VOIP" | "APNS_VOIP_SANDBOX" | "GCM";
export type AllowMessages = "ALL" | "NONE";
export type EndpointStatus = "ACTIVE" | "INACTIVE";
export type EndpointStatusReason = "INVALID_DEVICE_TOKEN" | "INVALID_PINPOINT_ARN";
export type AllowNotifications = "ALL" | "NONE" | "FILTERED";

export interface PushAppRow {
  arn: string;
  name: string;
  channels: PushChannel[];
  createdAt: number;
}

export interface EndpointRow {
  endpointId: string;
  userArn: string;
  name: string | null;
  type: EndpointType;
  /** The push application's ARN, as registered (it may name no app: then the endpoint is INACTIVE). */
  resourceArn: string;
  deviceToken: string;
  voipDeviceToken: string | null;
  allowMessages: AllowMessages;
  status: EndpointStatus;
  statusReason: EndpointStatusReason | null;
  createdAt: number;
  updatedAt: number;
}

export interface PreferencesRow {
  channelArn: string;
  memberArn: string;
  allowNotifications: AllowNotifications;
  filterRule: string | null;
}

/** One device of one member of a channel, with the member's preferences there (null: none set). */
export interface PushTarget {
  memberArn: string;
  allowNotifications: AllowNotifications | null;
  filterRule: string | null;
  endpoint: EndpointRow;
}

/** What the outbox keeps of one push; `entry` is the whole record as the outbox URL shows it. */
export interface OutboxRow {
  seq: number;
  userArn: string;
  endpointId: string;
  channelArn: string;
  messageId: string;
  entry: string;
  createdAt: number;
}

/** The outbox keeps the newest pushes only: a development aid, not a log. */
export const OUTBOX_CAPACITY = 10_000;

/** The endpoint's columns, read from `table` (an alias in a join, or the table itself). */
const endpointColumns = (table: string) => `${table}.endpoint_id AS endpointId, ${table}.user_arn AS userArn,
  ${table}.name AS name, ${table}.type AS type, ${table}.resource_arn AS resourceArn,
  ${table}.device_token AS deviceToken, ${table}.voip_device_token AS voipDeviceToken,
  ${table}.allow_messages AS allowMessages, ${table}.status AS status, ${table}.status_reason AS statusReason,
  ${table}.created_at AS createdAt, ${table}.updated_at AS updatedAt`;
const ENDPOINT = endpointColumns("app_instance_user_endpoints");
const PREFERENCES = `channel_arn AS channelArn, member_arn AS memberArn, allow_notifications AS allowNotifications,
  filter_rule AS filterRule`;
const OUTBOX = `seq, user_arn AS userArn, endpoint_id AS endpointId, channel_arn AS channelArn, message_id AS messageId,
  entry, created_at AS createdAt`;

export function pushStore(db: Database) {
  return {
    // Push applications

    insertPushApp(row: PushAppRow): void {
      db.run(`INSERT INTO push_apps (arn, name, channels, created_at) VALUES (@arn, @name, @channels, @createdAt)`, {
        ...row,
        channels: JSON.stringify(row.channels),
      });
    },

    getPushApp(arn: string): PushAppRow | undefined {
      const row = db.get<Omit<PushAppRow, "channels"> & { channels: string }>(
        `SELECT arn, name, channels, created_at AS createdAt FROM push_apps WHERE arn = @arn`,
        { arn },
      );
      return row && { ...row, channels: JSON.parse(row.channels) as PushChannel[] };
    },

    listPushApps(): PushAppRow[] {
      return db
        .all<Omit<PushAppRow, "channels"> & { channels: string }>(
          `SELECT arn, name, channels, created_at AS createdAt FROM push_apps ORDER BY created_at, arn`,
        )
        .map((row) => ({ ...row, channels: JSON.parse(row.channels) as PushChannel[] }));
    },

    // Endpoints

    insertEndpoint(row: EndpointRow): void {
      db.run(
        `INSERT INTO app_instance_user_endpoints (endpoint_id, user_arn, name, type, resource_arn, device_token,
           voip_device_token, allow_messages, status, status_reason, created_at, updated_at)
         VALUES (@endpointId, @userArn, @name, @type, @resourceArn, @deviceToken, @voipDeviceToken, @allowMessages,
           @status, @statusReason, @createdAt, @updatedAt)`,
        { ...row },
      );
    },

    /** The endpoint, if it is `userArn`'s. */
    getEndpoint(userArn: string, endpointId: string): EndpointRow | undefined {
      return db.get(
        `SELECT ${ENDPOINT} FROM app_instance_user_endpoints WHERE endpoint_id = @endpointId AND user_arn = @userArn`,
        { userArn, endpointId },
      );
    },

    listEndpoints(userArn: string, after: string | undefined, limit: number): Page<EndpointRow> {
      return db.page(
        `SELECT ${ENDPOINT} FROM app_instance_user_endpoints WHERE user_arn = @userArn AND endpoint_id > @after
         ORDER BY endpoint_id LIMIT @limit`,
        { userArn, after: after ?? "", limit },
      );
    },

    countEndpoints(userArn: string): number {
      return db.count(`SELECT count(*) AS n FROM app_instance_user_endpoints WHERE user_arn = @userArn`, { userArn });
    },

    updateEndpoint(
      endpointId: string,
      fields: Pick<EndpointRow, "name" | "allowMessages" | "status" | "statusReason" | "updatedAt">,
    ): void {
      db.run(
        `UPDATE app_instance_user_endpoints SET name = @name, allow_messages = @allowMessages, status = @status,
           status_reason = @statusReason, updated_at = @updatedAt WHERE endpoint_id = @endpointId`,
        { endpointId, ...fields },
      );
    },

    deleteEndpoint(endpointId: string): void {
      db.run(`DELETE FROM app_instance_user_endpoints WHERE endpoint_id = @endpointId`, { endpointId });
    },

    // Membership preferences

    getPreferences(channelArn: string, memberArn: string): PreferencesRow | undefined {
      return db.get(
        `SELECT ${PREFERENCES} FROM channel_membership_preferences
         WHERE channel_arn = @channelArn AND member_arn = @memberArn`,
        { channelArn, memberArn },
      );
    },

    putPreferences(row: PreferencesRow): void {
      db.run(
        `INSERT INTO channel_membership_preferences (channel_arn, member_arn, allow_notifications, filter_rule)
         VALUES (@channelArn, @memberArn, @allowNotifications, @filterRule)
         ON CONFLICT (channel_arn, member_arn) DO UPDATE SET allow_notifications = excluded.allow_notifications,
           filter_rule = excluded.filter_rule`,
        { ...row },
      );
    },

    deletePreferences(channelArn: string, memberArn: string): void {
      db.run(`DELETE FROM channel_membership_preferences WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
        channelArn,
        memberArn,
      });
    },

    /**
     * Every device of every member of the channel (hidden members too), with the member's preferences;
     * with `subChannelId` (an elastic channel's message), of the members of that sub-channel only.
     */
    pushTargets(channelArn: string, subChannelId?: string): PushTarget[] {
      const inSubChannel =
        subChannelId === undefined
          ? ""
          : `AND EXISTS (SELECT 1 FROM sub_channel_memberships s WHERE s.channel_arn = m.channel_arn
               AND s.sub_channel_id = @subChannelId AND s.member_arn = m.member_arn)`;
      return db
        .all<
          EndpointRow & { memberArn: string; allowNotifications: AllowNotifications | null; filterRule: string | null }
        >(
          `SELECT m.member_arn AS memberArn, p.allow_notifications AS allowNotifications, p.filter_rule AS filterRule,
             ${endpointColumns("e")}
           FROM channel_memberships m
           JOIN app_instance_user_endpoints e ON e.user_arn = m.member_arn
           LEFT JOIN channel_membership_preferences p ON p.channel_arn = m.channel_arn AND p.member_arn = m.member_arn
           WHERE m.channel_arn = @channelArn ${inSubChannel}
           ORDER BY m.member_arn, e.endpoint_id`,
          { channelArn, subChannelId },
        )
        .map(({ memberArn, allowNotifications, filterRule, ...endpoint }) => ({
          memberArn,
          allowNotifications,
          filterRule,
          endpoint,
        }));
    },

    // The push outbox

    /** Appends pushes (in order) and forgets the oldest beyond OUTBOX_CAPACITY. */
    appendOutbox(rows: Omit<OutboxRow, "seq">[]): void {
      for (const row of rows) {
        db.run(
          `INSERT INTO push_outbox (user_arn, endpoint_id, channel_arn, message_id, entry, created_at)
           VALUES (@userArn, @endpointId, @channelArn, @messageId, @entry, @createdAt)`,
          { ...row },
        );
      }
      db.run(`DELETE FROM push_outbox WHERE seq <= (SELECT max(seq) FROM push_outbox) - @capacity`, {
        capacity: OUTBOX_CAPACITY,
      });
    },

    /** Newest first; one user's when `userArn` is given; `before`: only entries older than that seq. */
    listOutbox(query: { userArn?: string; before?: number; limit: number }): Page<OutboxRow> {
      const where = [
        query.userArn === undefined ? "" : "user_arn = @userArn",
        query.before === undefined ? "" : "seq < @before",
      ].filter((clause) => clause !== "");
      return db.page(
        `SELECT ${OUTBOX} FROM push_outbox ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY seq DESC LIMIT @limit`,
        { userArn: query.userArn, before: query.before, limit: query.limit },
      );
    },
  };
}

export type PushStore = ReturnType<typeof pushStore>;
