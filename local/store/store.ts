/**
 * Durable state of the local endpoint in SQLite (better-sqlite3): a file for `npm start`, `:memory:`
 * for tests. One implementation serves both, so tests exercise the same queries as the running stack.
 * Timestamps are epoch milliseconds. Lists use keyset pagination (`after` = the last key of the
 * previous page), so every page is an index range scan.
 */
import Database from "better-sqlite3";
import { schemaSql } from "./schema";

export type ChannelMode = "UNRESTRICTED" | "RESTRICTED";
export type ChannelPrivacy = "PUBLIC" | "PRIVATE";
export type MembershipType = "DEFAULT" | "HIDDEN";
export type MessageType = "STANDARD" | "CONTROL";

export interface AppInstanceRow {
  arn: string;
  name: string;
  metadata: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AppInstanceUserRow {
  arn: string;
  appInstanceArn: string;
  name: string;
  metadata: string | null;
  /** JSON of the model's ExpirationSettings. */
  expirationSettings: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AppInstanceAdminRow {
  appInstanceArn: string;
  adminArn: string;
  createdAt: number;
}

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

export interface MessageRow {
  seq: number;
  channelArn: string;
  messageId: string;
  type: MessageType;
  content: string | null;
  metadata: string | null;
  contentType: string | null;
  /** JSON of the model's MessageAttributes map. */
  messageAttributes: string | null;
  targetArn: string | null;
  senderArn: string;
  senderName: string | null;
  redacted: boolean;
  createdAt: number;
  updatedAt: number;
  editedAt: number | null;
}

export interface StsSessionRow {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  sessionName: string;
  /** JSON object of the session tags (key -> value). */
  tags: string;
  /** JSON array of the transitive tag keys. */
  transitiveTagKeys: string;
  sessionPolicy: string | null;
  sourceIdentity: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export interface MessageCursor {
  createdAt: number;
  seq: number;
}

export interface MessageQuery {
  channelArn: string;
  order: "ASCENDING" | "DESCENDING";
  notBefore?: number;
  notAfter?: number;
  /** Targeted messages are listed only for their sender and target. */
  viewerArn: string;
  after?: MessageCursor;
  limit: number;
}

const APP_INSTANCE = `arn, name, metadata, created_at AS createdAt, updated_at AS updatedAt`;
const USER = `arn, app_instance_arn AS appInstanceArn, name, metadata, expiration_settings AS expirationSettings,
  created_at AS createdAt, updated_at AS updatedAt`;
const ADMIN = `app_instance_arn AS appInstanceArn, admin_arn AS adminArn, created_at AS createdAt`;
const CHANNEL = `arn, app_instance_arn AS appInstanceArn, name, mode, privacy, metadata, created_by AS createdBy,
  expiration_settings AS expirationSettings, created_at AS createdAt, updated_at AS updatedAt,
  last_message_at AS lastMessageAt`;
const MEMBERSHIP = `channel_arn AS channelArn, member_arn AS memberArn, type, invited_by AS invitedBy,
  created_at AS createdAt, updated_at AS updatedAt, read_marker_at AS readMarkerAt`;
const MODERATOR = `channel_arn AS channelArn, moderator_arn AS moderatorArn, created_by AS createdBy, created_at AS createdAt`;
const BAN = `channel_arn AS channelArn, member_arn AS memberArn, created_by AS createdBy, created_at AS createdAt`;
const STS_SESSION = `access_key_id AS accessKeyId, secret_access_key AS secretAccessKey, session_token AS sessionToken,
  role_arn AS roleArn, session_name AS sessionName, tags, transitive_tag_keys AS transitiveTagKeys,
  session_policy AS sessionPolicy, source_identity AS sourceIdentity, created_at AS createdAt, expires_at AS expiresAt`;
const MESSAGE = `seq, channel_arn AS channelArn, message_id AS messageId, type, content, metadata,
  content_type AS contentType, message_attributes AS messageAttributes, target_arn AS targetArn,
  sender_arn AS senderArn, sender_name AS senderName, redacted, created_at AS createdAt,
  updated_at AS updatedAt, edited_at AS editedAt`;

type Params = Record<string, unknown>;

export class Store {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Opens (and creates if needed) the store at `path`; `:memory:` keeps it in memory. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("foreign_keys = ON");
    if (path !== ":memory:") {
      // WAL with NORMAL sync survives a process crash; only an OS crash may lose the last commits,
      // which is the right trade for a development stand-in.
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
    }
    this.db.exec(schemaSql);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one transaction: every write in it lands, or none does. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private get<T>(sql: string, params: Params = {}): T | undefined {
    return this.statement(sql).get(params) as T | undefined;
  }

  private all<T>(sql: string, params: Params = {}): T[] {
    return this.statement(sql).all(params) as T[];
  }

  private run(sql: string, params: Params = {}): number {
    return this.statement(sql).run(params).changes;
  }

  /** Runs a keyset query that selects `limit + 1` rows and reports whether there are more. */
  private page<T>(sql: string, params: Params & { limit: number }): Page<T> {
    const rows = this.all<T>(sql, { ...params, limit: params.limit + 1 });
    return { items: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }

  // App instances

  insertAppInstance(row: AppInstanceRow): void {
    this.run(
      `INSERT INTO app_instances (arn, name, metadata, created_at, updated_at)
       VALUES (@arn, @name, @metadata, @createdAt, @updatedAt)`,
      { ...row },
    );
  }

  getAppInstance(arn: string): AppInstanceRow | undefined {
    return this.get(`SELECT ${APP_INSTANCE} FROM app_instances WHERE arn = @arn`, { arn });
  }

  updateAppInstance(arn: string, fields: { name: string; metadata: string | null; updatedAt: number }): void {
    this.run(`UPDATE app_instances SET name = @name, metadata = @metadata, updated_at = @updatedAt WHERE arn = @arn`, {
      arn,
      ...fields,
    });
  }

  deleteAppInstance(arn: string): void {
    this.run(`DELETE FROM app_instances WHERE arn = @arn`, { arn });
  }

  listAppInstances(after: string | undefined, limit: number): Page<AppInstanceRow> {
    return this.page(`SELECT ${APP_INSTANCE} FROM app_instances WHERE arn > @after ORDER BY arn LIMIT @limit`, {
      after: after ?? "",
      limit,
    });
  }

  // App instance users

  insertUser(row: AppInstanceUserRow): void {
    this.run(
      `INSERT INTO app_instance_users (arn, app_instance_arn, name, metadata, expiration_settings, created_at, updated_at)
       VALUES (@arn, @appInstanceArn, @name, @metadata, @expirationSettings, @createdAt, @updatedAt)`,
      { ...row },
    );
  }

  getUser(arn: string): AppInstanceUserRow | undefined {
    return this.get(`SELECT ${USER} FROM app_instance_users WHERE arn = @arn`, { arn });
  }

  updateUser(arn: string, fields: { name: string; metadata: string | null; updatedAt: number }): void {
    this.run(
      `UPDATE app_instance_users SET name = @name, metadata = @metadata, updated_at = @updatedAt WHERE arn = @arn`,
      { arn, ...fields },
    );
  }

  /** Deleting a user also removes their memberships, moderator roles, bans and admin role. */
  deleteUser(arn: string): void {
    this.run(`DELETE FROM app_instance_users WHERE arn = @arn`, { arn });
  }

  listUsers(appInstanceArn: string, after: string | undefined, limit: number): Page<AppInstanceUserRow> {
    return this.page(
      `SELECT ${USER} FROM app_instance_users WHERE app_instance_arn = @appInstanceArn AND arn > @after
       ORDER BY arn LIMIT @limit`,
      { appInstanceArn, after: after ?? "", limit },
    );
  }

  // App instance admins

  insertAdmin(row: AppInstanceAdminRow): void {
    this.run(
      `INSERT OR IGNORE INTO app_instance_admins (app_instance_arn, admin_arn, created_at)
       VALUES (@appInstanceArn, @adminArn, @createdAt)`,
      { ...row },
    );
  }

  getAdmin(appInstanceArn: string, adminArn: string): AppInstanceAdminRow | undefined {
    return this.get(
      `SELECT ${ADMIN} FROM app_instance_admins WHERE app_instance_arn = @appInstanceArn AND admin_arn = @adminArn`,
      {
        appInstanceArn,
        adminArn,
      },
    );
  }

  deleteAdmin(appInstanceArn: string, adminArn: string): void {
    this.run(`DELETE FROM app_instance_admins WHERE app_instance_arn = @appInstanceArn AND admin_arn = @adminArn`, {
      appInstanceArn,
      adminArn,
    });
  }

  listAdmins(appInstanceArn: string, after: string | undefined, limit: number): Page<AppInstanceAdminRow> {
    return this.page(
      `SELECT ${ADMIN} FROM app_instance_admins WHERE app_instance_arn = @appInstanceArn AND admin_arn > @after
       ORDER BY admin_arn LIMIT @limit`,
      { appInstanceArn, after: after ?? "", limit },
    );
  }

  // Channels

  insertChannel(row: ChannelRow): void {
    this.run(
      `INSERT INTO channels (arn, app_instance_arn, name, mode, privacy, metadata, created_by, expiration_settings,
         created_at, updated_at, last_message_at)
       VALUES (@arn, @appInstanceArn, @name, @mode, @privacy, @metadata, @createdBy, @expirationSettings,
         @createdAt, @updatedAt, @lastMessageAt)`,
      { ...row },
    );
  }

  getChannel(arn: string): ChannelRow | undefined {
    return this.get(`SELECT ${CHANNEL} FROM channels WHERE arn = @arn`, { arn });
  }

  updateChannel(
    arn: string,
    fields: { name: string; mode: ChannelMode; metadata: string | null; updatedAt: number },
  ): void {
    this.run(
      `UPDATE channels SET name = @name, mode = @mode, metadata = @metadata, updated_at = @updatedAt WHERE arn = @arn`,
      { arn, ...fields },
    );
  }

  deleteChannel(arn: string): void {
    this.run(`DELETE FROM channels WHERE arn = @arn`, { arn });
  }

  listChannels(
    appInstanceArn: string,
    privacy: ChannelPrivacy,
    after: string | undefined,
    limit: number,
  ): Page<ChannelRow> {
    return this.page(
      `SELECT ${CHANNEL} FROM channels WHERE app_instance_arn = @appInstanceArn AND privacy = @privacy AND arn > @after
       ORDER BY arn LIMIT @limit`,
      { appInstanceArn, privacy, after: after ?? "", limit },
    );
  }

  // Memberships

  /** Adds a membership; returns false (and changes nothing) when the user is already a member. */
  insertMembership(row: MembershipRow): boolean {
    return (
      this.run(
        `INSERT OR IGNORE INTO channel_memberships (channel_arn, member_arn, type, invited_by, created_at, updated_at, read_marker_at)
         VALUES (@channelArn, @memberArn, @type, @invitedBy, @createdAt, @updatedAt, @readMarkerAt)`,
        { ...row },
      ) > 0
    );
  }

  getMembership(channelArn: string, memberArn: string): MembershipRow | undefined {
    return this.get(
      `SELECT ${MEMBERSHIP} FROM channel_memberships WHERE channel_arn = @channelArn AND member_arn = @memberArn`,
      {
        channelArn,
        memberArn,
      },
    );
  }

  deleteMembership(channelArn: string, memberArn: string): boolean {
    return (
      this.run(`DELETE FROM channel_memberships WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
        channelArn,
        memberArn,
      }) > 0
    );
  }

  setReadMarker(channelArn: string, memberArn: string, at: number): void {
    this.run(
      `UPDATE channel_memberships SET read_marker_at = @at WHERE channel_arn = @channelArn AND member_arn = @memberArn`,
      { channelArn, memberArn, at },
    );
  }

  listMemberships(
    channelArn: string,
    type: MembershipType,
    after: string | undefined,
    limit: number,
  ): Page<MembershipRow> {
    return this.page(
      `SELECT ${MEMBERSHIP} FROM channel_memberships WHERE channel_arn = @channelArn AND type = @type AND member_arn > @after
       ORDER BY member_arn LIMIT @limit`,
      { channelArn, type, after: after ?? "", limit },
    );
  }

  /** Every member of a channel, DEFAULT and HIDDEN. */
  listMemberArns(channelArn: string): string[] {
    return this.all<{ memberArn: string }>(
      `SELECT member_arn AS memberArn FROM channel_memberships WHERE channel_arn = @channelArn`,
      { channelArn },
    ).map((row) => row.memberArn);
  }

  listMembershipsOfUser(
    memberArn: string,
    after: string | undefined,
    limit: number,
  ): Page<MembershipRow & { channel: ChannelRow }> {
    const page = this.page<MembershipRow>(
      `SELECT ${MEMBERSHIP} FROM channel_memberships WHERE member_arn = @memberArn AND channel_arn > @after
       ORDER BY channel_arn LIMIT @limit`,
      { memberArn, after: after ?? "", limit },
    );
    return { ...page, items: page.items.map((m) => ({ ...m, channel: this.getChannel(m.channelArn) as ChannelRow })) };
  }

  // Moderators

  insertModerator(row: ModeratorRow): boolean {
    return (
      this.run(
        `INSERT OR IGNORE INTO channel_moderators (channel_arn, moderator_arn, created_by, created_at)
         VALUES (@channelArn, @moderatorArn, @createdBy, @createdAt)`,
        { ...row },
      ) > 0
    );
  }

  getModerator(channelArn: string, moderatorArn: string): ModeratorRow | undefined {
    return this.get(
      `SELECT ${MODERATOR} FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn = @moderatorArn`,
      {
        channelArn,
        moderatorArn,
      },
    );
  }

  deleteModerator(channelArn: string, moderatorArn: string): boolean {
    return (
      this.run(`DELETE FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn = @moderatorArn`, {
        channelArn,
        moderatorArn,
      }) > 0
    );
  }

  listModerators(channelArn: string, after: string | undefined, limit: number): Page<ModeratorRow> {
    return this.page(
      `SELECT ${MODERATOR} FROM channel_moderators WHERE channel_arn = @channelArn AND moderator_arn > @after
       ORDER BY moderator_arn LIMIT @limit`,
      { channelArn, after: after ?? "", limit },
    );
  }

  listChannelsModeratedBy(moderatorArn: string, after: string | undefined, limit: number): Page<ChannelRow> {
    return this.page(
      `SELECT ${CHANNEL} FROM channels WHERE arn IN (
         SELECT channel_arn FROM channel_moderators WHERE moderator_arn = @moderatorArn AND channel_arn > @after
       ) ORDER BY arn LIMIT @limit`,
      { moderatorArn, after: after ?? "", limit },
    );
  }

  // Bans

  insertBan(row: BanRow): boolean {
    return (
      this.run(
        `INSERT OR IGNORE INTO channel_bans (channel_arn, member_arn, created_by, created_at)
         VALUES (@channelArn, @memberArn, @createdBy, @createdAt)`,
        { ...row },
      ) > 0
    );
  }

  getBan(channelArn: string, memberArn: string): BanRow | undefined {
    return this.get(`SELECT ${BAN} FROM channel_bans WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
      channelArn,
      memberArn,
    });
  }

  deleteBan(channelArn: string, memberArn: string): boolean {
    return (
      this.run(`DELETE FROM channel_bans WHERE channel_arn = @channelArn AND member_arn = @memberArn`, {
        channelArn,
        memberArn,
      }) > 0
    );
  }

  listBans(channelArn: string, after: string | undefined, limit: number): Page<BanRow> {
    return this.page(
      `SELECT ${BAN} FROM channel_bans WHERE channel_arn = @channelArn AND member_arn > @after
       ORDER BY member_arn LIMIT @limit`,
      { channelArn, after: after ?? "", limit },
    );
  }

  // Messages

  insertMessage(row: Omit<MessageRow, "seq">): MessageRow {
    const result = this.statement(
      `INSERT INTO channel_messages (channel_arn, message_id, type, content, metadata, content_type, message_attributes,
         target_arn, sender_arn, sender_name, redacted, created_at, updated_at, edited_at)
       VALUES (@channelArn, @messageId, @type, @content, @metadata, @contentType, @messageAttributes,
         @targetArn, @senderArn, @senderName, @redacted, @createdAt, @updatedAt, @editedAt)`,
    ).run({ ...row, redacted: row.redacted ? 1 : 0 });
    this.run(
      `UPDATE channels SET last_message_at = max(coalesce(last_message_at, 0), @createdAt) WHERE arn = @channelArn`,
      { channelArn: row.channelArn, createdAt: row.createdAt },
    );
    return { ...row, seq: Number(result.lastInsertRowid) };
  }

  getMessage(channelArn: string, messageId: string): MessageRow | undefined {
    const row = this.get<MessageRow>(
      `SELECT ${MESSAGE} FROM channel_messages WHERE channel_arn = @channelArn AND message_id = @messageId`,
      { channelArn, messageId },
    );
    return row && { ...row, redacted: Boolean(row.redacted) };
  }

  updateMessage(
    seq: number,
    fields: Pick<MessageRow, "content" | "metadata" | "contentType" | "redacted" | "updatedAt" | "editedAt">,
  ): void {
    this.run(
      `UPDATE channel_messages SET content = @content, metadata = @metadata, content_type = @contentType,
         redacted = @redacted, updated_at = @updatedAt, edited_at = @editedAt WHERE seq = @seq`,
      { seq, ...fields, redacted: fields.redacted ? 1 : 0 },
    );
  }

  deleteMessage(seq: number): void {
    this.run(`DELETE FROM channel_messages WHERE seq = @seq`, { seq });
  }

  listMessages(query: MessageQuery): Page<MessageRow> {
    const descending = query.order === "DESCENDING";
    const cursor = query.after
      ? descending
        ? `AND (created_at, seq) < (@afterCreatedAt, @afterSeq)`
        : `AND (created_at, seq) > (@afterCreatedAt, @afterSeq)`
      : "";
    const direction = descending ? "DESC" : "ASC";
    const page = this.page<MessageRow>(
      `SELECT ${MESSAGE} FROM channel_messages INDEXED BY messages_by_time
       WHERE channel_arn = @channelArn AND created_at >= @notBefore AND created_at <= @notAfter ${cursor}
         AND (target_arn IS NULL OR target_arn = @viewerArn OR sender_arn = @viewerArn)
       ORDER BY created_at ${direction}, seq ${direction} LIMIT @limit`,
      {
        channelArn: query.channelArn,
        notBefore: query.notBefore ?? Number.MIN_SAFE_INTEGER,
        notAfter: query.notAfter ?? Number.MAX_SAFE_INTEGER,
        afterCreatedAt: query.after?.createdAt ?? 0,
        afterSeq: query.after?.seq ?? 0,
        viewerArn: query.viewerArn,
        limit: query.limit,
      },
    );
    return { ...page, items: page.items.map((row) => ({ ...row, redacted: Boolean(row.redacted) })) };
  }

  // Idempotency tokens

  getIdempotentResult(scope: string, token: string): { fingerprint: string; result: string } | undefined {
    return this.get(`SELECT fingerprint, result FROM idempotency_tokens WHERE scope = @scope AND token = @token`, {
      scope,
      token,
    });
  }

  putIdempotentResult(scope: string, token: string, fingerprint: string, result: string): void {
    this.run(
      `INSERT INTO idempotency_tokens (scope, token, fingerprint, result) VALUES (@scope, @token, @fingerprint, @result)`,
      { scope, token, fingerprint, result },
    );
  }

  // STS sessions

  insertStsSession(row: StsSessionRow): void {
    this.run(
      `INSERT INTO sts_sessions (access_key_id, secret_access_key, session_token, role_arn, session_name, tags,
         transitive_tag_keys, session_policy, source_identity, created_at, expires_at)
       VALUES (@accessKeyId, @secretAccessKey, @sessionToken, @roleArn, @sessionName, @tags,
         @transitiveTagKeys, @sessionPolicy, @sourceIdentity, @createdAt, @expiresAt)`,
      { ...row },
    );
  }

  getStsSession(accessKeyId: string): StsSessionRow | undefined {
    return this.get(`SELECT ${STS_SESSION} FROM sts_sessions WHERE access_key_id = @accessKeyId`, { accessKeyId });
  }

  /** Forgets sessions that expired before `before`; their keys then answer as unknown. */
  deleteStsSessionsExpiredBefore(before: number): void {
    this.run(`DELETE FROM sts_sessions WHERE expires_at < @before`, { before });
  }

  // Settings

  getSetting(key: string): string | undefined {
    return this.get<{ value: string }>(`SELECT value FROM settings WHERE key = @key`, { key })?.value;
  }

  putSetting(key: string, value: string): void {
    this.run(
      `INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      { key, value },
    );
  }

  // Tags

  putTags(resourceArn: string, tags: { Key?: string; Value?: string }[]): void {
    for (const tag of tags) {
      this.run(
        `INSERT INTO resource_tags (resource_arn, key, value) VALUES (@resourceArn, @key, @value)
         ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
        { resourceArn, key: tag.Key ?? "", value: tag.Value ?? "" },
      );
    }
  }

  listTags(resourceArn: string): { Key: string; Value: string }[] {
    return this.all(
      `SELECT key AS Key, value AS Value FROM resource_tags WHERE resource_arn = @resourceArn ORDER BY key`,
      {
        resourceArn,
      },
    );
  }

  /** Removes the tags of a resource and of everything under it (`<arn>/...`). */
  deleteTagsUnder(resourceArn: string): void {
    this.run(
      `DELETE FROM resource_tags WHERE resource_arn = @resourceArn OR substr(resource_arn, 1, length(@prefix)) = @prefix`,
      {
        resourceArn,
        prefix: `${resourceArn}/`,
      },
    );
  }

  deleteTags(resourceArn: string): void {
    this.run(`DELETE FROM resource_tags WHERE resource_arn = @resourceArn`, { resourceArn });
  }
}
