/**
 * The local endpoint's tables and their versions. Timestamps are epoch milliseconds. Messages are keyed
 * by an integer sequence and indexed by (channel, created, sequence), so a page of ListChannelMessages is
 * an index range scan whose cost does not grow with the number of messages in the channel.
 *
 * Each migration has a version number; MIGRATIONS lists them in ascending order. Opening a database runs
 * the migrations it lacks, in that order, in one transaction, and refuses one written by a newer release
 * (SchemaVersionError names both versions): a state folder is upgraded in place and never silently
 * misread. A change of the tables is a new migration (never an edit of an old one), with a test that
 * opens a database of the version before it (schema.test.ts, test/integration/stateUpgrade.test.ts).
 *
 * Features developed side by side take their numbers when they start, so they may land out of order: a
 * database can have 1 and 4 and still lack 3 (made before 3 was merged). So the database keeps the set
 * of migrations it has had (the schema_migrations table), and every listed one missing from it runs,
 * also below the highest; migrations written side by side must therefore not depend on one another.
 * SQLite's `user_version` holds the highest version the database has had, and only decides "newer
 * release" (a version above this release's last). Versions a database has that this release does not
 * list (a feature branch's) are kept and ignored.
 */
import type BetterSqlite3 from "better-sqlite3";

export interface Migration {
  /** The version the database has once this migration has run. */
  version: number;
  description: string;
  sql: string;
}

/**
 * Version 1 is the schema of the releases that wrote no version (user_version 0). Its statements are
 * all IF NOT EXISTS, so that it also completes a database of those releases (the earliest lacked the
 * STS and settings tables) without touching what they hold.
 */
const VERSION_1 = `
CREATE TABLE IF NOT EXISTS app_instances (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  metadata TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS app_instance_users (
  arn TEXT PRIMARY KEY,
  app_instance_arn TEXT NOT NULL REFERENCES app_instances(arn) ON DELETE CASCADE,
  name TEXT NOT NULL,
  metadata TEXT,
  expiration_settings TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS app_instance_users_by_instance ON app_instance_users(app_instance_arn, arn);

CREATE TABLE IF NOT EXISTS app_instance_admins (
  app_instance_arn TEXT NOT NULL REFERENCES app_instances(arn) ON DELETE CASCADE,
  admin_arn TEXT NOT NULL REFERENCES app_instance_users(arn) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_instance_arn, admin_arn)
);

CREATE TABLE IF NOT EXISTS channels (
  arn TEXT PRIMARY KEY,
  app_instance_arn TEXT NOT NULL REFERENCES app_instances(arn) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mode TEXT NOT NULL,
  privacy TEXT NOT NULL,
  metadata TEXT,
  created_by TEXT NOT NULL,
  expiration_settings TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_message_at INTEGER
);
CREATE INDEX IF NOT EXISTS channels_by_instance ON channels(app_instance_arn, privacy, arn);

CREATE TABLE IF NOT EXISTS channel_memberships (
  channel_arn TEXT NOT NULL REFERENCES channels(arn) ON DELETE CASCADE,
  member_arn TEXT NOT NULL REFERENCES app_instance_users(arn) ON DELETE CASCADE,
  type TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  read_marker_at INTEGER,
  PRIMARY KEY (channel_arn, member_arn)
);
CREATE INDEX IF NOT EXISTS memberships_by_member ON channel_memberships(member_arn, channel_arn);

CREATE TABLE IF NOT EXISTS channel_moderators (
  channel_arn TEXT NOT NULL REFERENCES channels(arn) ON DELETE CASCADE,
  moderator_arn TEXT NOT NULL REFERENCES app_instance_users(arn) ON DELETE CASCADE,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel_arn, moderator_arn)
);
CREATE INDEX IF NOT EXISTS moderators_by_moderator ON channel_moderators(moderator_arn, channel_arn);

CREATE TABLE IF NOT EXISTS channel_bans (
  channel_arn TEXT NOT NULL REFERENCES channels(arn) ON DELETE CASCADE,
  member_arn TEXT NOT NULL REFERENCES app_instance_users(arn) ON DELETE CASCADE,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel_arn, member_arn)
);

CREATE TABLE IF NOT EXISTS channel_messages (
  seq INTEGER PRIMARY KEY,
  channel_arn TEXT NOT NULL REFERENCES channels(arn) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  type TEXT NOT NULL,
  content TEXT,
  metadata TEXT,
  content_type TEXT,
  message_attributes TEXT,
  target_arn TEXT,
  sender_arn TEXT NOT NULL,
  sender_name TEXT,
  redacted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  edited_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_id ON channel_messages(channel_arn, message_id);
CREATE INDEX IF NOT EXISTS messages_by_time ON channel_messages(channel_arn, created_at, seq);

-- ClientRequestToken results, so a retried create returns the first result and has no second effect.
CREATE TABLE IF NOT EXISTS idempotency_tokens (
  scope TEXT NOT NULL,
  token TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (scope, token)
);

-- STS sessions: temporary credentials vended by AssumeRole.
CREATE TABLE IF NOT EXISTS sts_sessions (
  access_key_id TEXT PRIMARY KEY,
  secret_access_key TEXT NOT NULL,
  session_token TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  session_name TEXT NOT NULL,
  tags TEXT NOT NULL,
  transitive_tag_keys TEXT NOT NULL,
  session_policy TEXT,
  source_identity TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Settings of the local account: access keys and policy parameters, kept across restarts.
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS resource_tags (
  resource_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)
);
`;

/**
 * Version 3: channel flows (channelFlowStore.ts). A message's status (NULL: SENT, as every message of
 * the earlier versions is; PENDING or FAILED while or after a flow processed it, shown to its sender
 * only) and its detail; the flows, which channel runs which flow (one flow per channel at most), and
 * the processor invocations awaiting their ChannelFlowCallback.
 */
const VERSION_3 = `
ALTER TABLE channel_messages ADD COLUMN status TEXT;
ALTER TABLE channel_messages ADD COLUMN status_detail TEXT;

CREATE TABLE channel_flows (
  arn TEXT PRIMARY KEY,
  app_instance_arn TEXT NOT NULL REFERENCES app_instances(arn) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- JSON of the model's ProcessorList, in ExecutionOrder.
  processors TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX channel_flows_by_instance ON channel_flows(app_instance_arn, arn);

CREATE TABLE channel_flow_associations (
  channel_arn TEXT PRIMARY KEY REFERENCES channels(arn) ON DELETE CASCADE,
  flow_arn TEXT NOT NULL REFERENCES channel_flows(arn),
  created_at INTEGER NOT NULL
);
CREATE INDEX channel_flow_associations_by_flow ON channel_flow_associations(flow_arn, channel_arn);

-- One row per processor invocation awaiting its callback: the message as the flow has it so far.
CREATE TABLE channel_flow_callbacks (
  callback_id TEXT PRIMARY KEY,
  channel_arn TEXT NOT NULL REFERENCES channels(arn) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  flow_arn TEXT NOT NULL,
  -- CREATE (SendChannelMessage) or UPDATE (UpdateChannelMessage).
  kind TEXT NOT NULL,
  -- The position of the invoked processor in the flow's ExecutionOrder, from 0.
  step INTEGER NOT NULL,
  persistence TEXT NOT NULL,
  -- JSON of the message (content, metadata, ...) as the flow will deliver it.
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL
);
CREATE INDEX channel_flow_callbacks_by_message ON channel_flow_callbacks(channel_arn, message_id);
CREATE INDEX channel_flow_callbacks_by_deadline ON channel_flow_callbacks(deadline_at);
`;

/**
 * Version 4: elastic channels (their configuration, sub-channels, who is in which, and the sub-channel
 * of each message), the sweep's partial indexes (only the channels and users with expiration settings),
 * and app-instance retention. (Versions 2 and 3 do not exist: migrations only ever run above a
 * database's version, so one numbered below a released version would never reach its databases. A new
 * migration takes the next number after the last.)
 *
 * A sub-channel's member_count is its regular (not moderator) memberships, which balancing reads on
 * every join; triggers keep it, so that deletions by cascade (a user deleted) count too. A sub-channel
 * membership hangs on the channel-level membership: removing that removes the member from every
 * sub-channel. Messages of sub-channels are indexed on their own (a partial index), so that the
 * messages of ordinary channels pay nothing for it.
 */
const VERSION_4 = `
ALTER TABLE channels ADD COLUMN elastic_configuration TEXT;

CREATE TABLE sub_channels (
  channel_arn TEXT NOT NULL REFERENCES channels(arn) ON DELETE CASCADE,
  sub_channel_id TEXT NOT NULL,
  member_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel_arn, sub_channel_id)
);

CREATE TABLE sub_channel_memberships (
  channel_arn TEXT NOT NULL,
  sub_channel_id TEXT NOT NULL,
  member_arn TEXT NOT NULL,
  moderator INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel_arn, sub_channel_id, member_arn),
  FOREIGN KEY (channel_arn, sub_channel_id) REFERENCES sub_channels(channel_arn, sub_channel_id) ON DELETE CASCADE,
  FOREIGN KEY (channel_arn, member_arn) REFERENCES channel_memberships(channel_arn, member_arn) ON DELETE CASCADE
);
CREATE INDEX sub_channel_memberships_by_member ON sub_channel_memberships(channel_arn, member_arn);

CREATE TRIGGER sub_channel_member_added AFTER INSERT ON sub_channel_memberships WHEN NEW.moderator = 0
BEGIN
  UPDATE sub_channels SET member_count = member_count + 1
  WHERE channel_arn = NEW.channel_arn AND sub_channel_id = NEW.sub_channel_id;
END;
CREATE TRIGGER sub_channel_member_removed AFTER DELETE ON sub_channel_memberships WHEN OLD.moderator = 0
BEGIN
  UPDATE sub_channels SET member_count = member_count - 1
  WHERE channel_arn = OLD.channel_arn AND sub_channel_id = OLD.sub_channel_id;
END;
CREATE TRIGGER sub_channel_member_moved AFTER UPDATE OF sub_channel_id ON sub_channel_memberships
WHEN OLD.moderator = 0
BEGIN
  UPDATE sub_channels SET member_count = member_count - 1
  WHERE channel_arn = OLD.channel_arn AND sub_channel_id = OLD.sub_channel_id;
  UPDATE sub_channels SET member_count = member_count + 1
  WHERE channel_arn = NEW.channel_arn AND sub_channel_id = NEW.sub_channel_id;
END;

ALTER TABLE channel_messages ADD COLUMN sub_channel_id TEXT;
CREATE INDEX messages_by_sub_channel_time ON channel_messages(channel_arn, sub_channel_id, created_at, seq)
  WHERE sub_channel_id IS NOT NULL;

CREATE INDEX channels_expiring ON channels(arn) WHERE expiration_settings IS NOT NULL;
CREATE INDEX app_instance_users_expiring ON app_instance_users(arn) WHERE expiration_settings IS NOT NULL;

CREATE TABLE app_instance_retention (
  app_instance_arn TEXT PRIMARY KEY REFERENCES app_instances(arn) ON DELETE CASCADE,
  retention_days INTEGER,
  initiate_deletion_at INTEGER,
  updated_at INTEGER NOT NULL
);
`;

/**
 * Version 5: mobile push notifications. The push applications of the local account (the Amazon Pinpoint
 * apps Chime pushes through), the users' device endpoints, the members' notification preferences (gone
 * with the membership), and the outbox of what would have gone to APNs or FCM (newest first per user).
 * Its statements are IF NOT EXISTS: before it was appended after version 4, it was version 2 of a
 * development branch, and a database of that branch (at 2, with these tables) completes with 4 and 5.
 */
const VERSION_5 = `
CREATE TABLE IF NOT EXISTS push_apps (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  channels TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS app_instance_user_endpoints (
  endpoint_id TEXT PRIMARY KEY,
  user_arn TEXT NOT NULL REFERENCES app_instance_users(arn) ON DELETE CASCADE,
  name TEXT,
  type TEXT NOT NULL,
  resource_arn TEXT NOT NULL,
  device_token TEXT NOT NULL,
  voip_device_token TEXT,
  allow_messages TEXT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS endpoints_by_user ON app_instance_user_endpoints(user_arn, endpoint_id);

CREATE TABLE IF NOT EXISTS channel_membership_preferences (
  channel_arn TEXT NOT NULL,
  member_arn TEXT NOT NULL,
  allow_notifications TEXT NOT NULL,
  filter_rule TEXT,
  PRIMARY KEY (channel_arn, member_arn),
  FOREIGN KEY (channel_arn, member_arn) REFERENCES channel_memberships(channel_arn, member_arn) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS push_outbox (
  seq INTEGER PRIMARY KEY,
  user_arn TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  channel_arn TEXT NOT NULL,
  message_id TEXT NOT NULL,
  entry TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS push_outbox_by_user ON push_outbox(user_arn, seq);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "identity, channels, messages, request tokens, STS sessions, settings, tags",
    sql: VERSION_1,
  },
  { version: 3, description: "channel flows: message status, flows, associations, pending callbacks", sql: VERSION_3 },
  {
    version: 4,
    description: "elastic channels, expiring channels and users, app-instance retention",
    sql: VERSION_4,
  },
  {
    version: 5,
    description: "push applications, device endpoints, membership preferences, push outbox",
    sql: VERSION_5,
  },
];

/** The version this release writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export class SchemaVersionError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The state database ${path} has schema version ${found}, written by a newer release of the local ` +
        `endpoint; this release reads schema versions up to ${supported}. Run the newer release, or move ` +
        `the state folder away to start afresh.`,
    );
    this.name = "SchemaVersionError";
  }
}

export type MigrationReport =
  | { kind: "created"; version: number }
  /** `from` and `to` are user_version before and after; `applied`, the migrations that ran, in order. */
  | { kind: "migrated"; from: number; to: number; applied: number[] }
  | { kind: "current"; version: number };

const APPLIED_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL
)`;

/**
 * The migrations a database has had. Releases before schema_migrations existed wrote only
 * user_version, and every one of them had version 1 and at most one other, its own (main: 4; the
 * branches with 2 or 3 alone): such a database has 1 and user_version, and 0 means none (version 1 then
 * completes whatever the unversioned release left, see VERSION_1).
 */
function appliedVersions(db: BetterSqlite3.Database, userVersion: number): { versions: Set<number>; tracked: boolean } {
  const tracked = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (tracked) {
    const rows = db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[];
    return { versions: new Set(rows.map((row) => row.version)), tracked: true };
  }
  return { versions: new Set(userVersion === 0 ? [] : [1, userVersion]), tracked: false };
}

/** Brings the database to every migration of `migrations`, or refuses it (see the module's comment). */
export function migrate(db: BetterSqlite3.Database, path: string, migrations: readonly Migration[]): MigrationReport {
  migrations.forEach((migration, i) => {
    if (i > 0 && migration.version <= migrations[i - 1].version)
      throw new Error(`Migrations out of order: ${migrations[i - 1].version} before ${migration.version}`);
  });
  const latest = migrations[migrations.length - 1].version;
  const found = db.pragma("user_version", { simple: true }) as number;
  if (found > latest) throw new SchemaVersionError(path, found, latest);
  const applied = appliedVersions(db, found);
  const missing = migrations.filter((migration) => !applied.versions.has(migration.version));
  if (missing.length === 0 && applied.tracked) return { kind: "current", version: found };
  const empty = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  db.transaction(() => {
    db.exec(APPLIED_TABLE);
    const record = db.prepare("INSERT OR IGNORE INTO schema_migrations (version, description) VALUES (?, ?)");
    // What an untracked database had (a branch's version included), so that it never runs again.
    for (const version of applied.versions) record.run(version, descriptionOf(migrations, version));
    for (const migration of missing) {
      db.exec(migration.sql);
      record.run(migration.version, migration.description);
    }
    db.pragma(`user_version = ${latest}`);
  })();
  if (empty.n === 0) return { kind: "created", version: latest };
  if (missing.length === 0) return { kind: "current", version: found };
  return { kind: "migrated", from: found, to: latest, applied: missing.map((migration) => migration.version) };
}

function descriptionOf(migrations: readonly Migration[], version: number): string {
  return migrations.find((migration) => migration.version === version)?.description ?? "not listed by this release";
}
