/**
 * The schema's version on open: a new database is created at the current version, an older one is
 * migrated in place (in one transaction, its rows kept), a newer one is refused naming both versions.
 * Real SQLite files in a temporary folder; the later versions here are made up for the test.
 */
import BetterSqlite3 from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "./database";
import { MIGRATIONS, SCHEMA_VERSION, SchemaVersionError, type Migration } from "./schema";
import { openStore } from "./store";

const dir = mkdtempSync(join(tmpdir(), "chime-schema-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newPath = () => join(dir, `state-${++n}.sqlite`);

function userVersion(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
}

const ALL = MIGRATIONS.map((migration) => migration.version);

function recorded(path: string): number[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return (db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[]).map(
      (row) => row.version,
    );
  } finally {
    db.close();
  }
}

/**
 * A database as the releases before schema_migrations left it: the SQL of the given migrations run in
 * order and user_version set to the last (their migrate did exactly that).
 */
function untrackedDatabase(path: string, migrations: readonly Migration[]): void {
  const db = new BetterSqlite3(path);
  for (const migration of migrations) db.exec(migration.sql);
  db.pragma(`user_version = ${migrations[migrations.length - 1].version}`);
  db.close();
}

const migration = (version: number) => MIGRATIONS.find((m) => m.version === version) as Migration;

/** The two versions after this release's, as a later release would append them. */
const NEXT = SCHEMA_VERSION + 1;
const LATEST = SCHEMA_VERSION + 2;
const LATER: Migration[] = [
  ...MIGRATIONS,
  { version: NEXT, description: "a column", sql: "ALTER TABLE app_instances ADD COLUMN color TEXT DEFAULT 'blue';" },
  { version: LATEST, description: "a table", sql: "CREATE TABLE notes (text TEXT NOT NULL);" },
];

test("a new database is created at the current version", () => {
  const path = newPath();
  const store = openStore(path);
  expect(store.schema).toEqual({ kind: "created", version: SCHEMA_VERSION });
  store.close();
  expect(userVersion(path)).toBe(SCHEMA_VERSION);
  expect(recorded(path)).toEqual(ALL);
  const again = openStore(path);
  expect(again.schema).toEqual({ kind: "current", version: SCHEMA_VERSION });
  again.close();
});

test("an older database is migrated in place, in order, and keeps its rows", () => {
  const path = newPath();
  const store = openStore(path);
  store.insertAppInstance({
    arn: "arn:aws:chime:us-east-1:1:app-instance/a",
    name: "a",
    metadata: null,
    createdAt: 1,
    updatedAt: 1,
  });
  store.close();

  const later = new Database(path, LATER);
  expect(later.schema).toEqual({ kind: "migrated", from: SCHEMA_VERSION, to: LATEST, applied: [NEXT, LATEST] });
  expect(later.all("SELECT name, color FROM app_instances")).toEqual([{ name: "a", color: "blue" }]);
  later.run("INSERT INTO notes (text) VALUES ('kept')");
  later.close();
  expect(userVersion(path)).toBe(LATEST);
});

test("a migration that fails changes nothing: the version and the tables stay as they were", () => {
  const path = newPath();
  openStore(path).close();
  const broken: Migration[] = [
    ...MIGRATIONS,
    { version: NEXT, description: "fine", sql: "CREATE TABLE notes (text TEXT);" },
    { version: LATEST, description: "broken", sql: "ALTER TABLE no_such_table ADD COLUMN x TEXT;" },
  ];
  expect(() => new Database(path, broken)).toThrow(/no_such_table/);
  expect(userVersion(path)).toBe(SCHEMA_VERSION);
  const db = new BetterSqlite3(path, { readonly: true });
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").all()).toEqual([]);
  db.close();
});

test("a database of a newer release is refused with a message naming both versions, and left untouched", () => {
  const path = newPath();
  new Database(path, LATER).close();
  let error: unknown;
  try {
    openStore(path);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SchemaVersionError);
  expect((error as Error).message).toContain(`has schema version ${LATEST}`);
  expect((error as Error).message).toContain(`reads schema versions up to ${SCHEMA_VERSION}`);
  expect((error as Error).message).toContain(path);
  expect(userVersion(path)).toBe(LATEST);
});

test("a database of the releases that wrote no version gets version 1's missing tables, its own rows kept", () => {
  // The first releases had no STS or settings tables and left user_version at 0.
  const path = newPath();
  const old = new BetterSqlite3(path);
  old.exec(`CREATE TABLE app_instances (arn TEXT PRIMARY KEY, name TEXT NOT NULL, metadata TEXT,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    INSERT INTO app_instances VALUES ('arn:aws:chime:us-east-1:1:app-instance/old', 'old', NULL, 1, 1);`);
  old.close();

  const store = openStore(path);
  expect(store.schema).toEqual({ kind: "migrated", from: 0, to: SCHEMA_VERSION, applied: ALL });
  expect(store.getAppInstance("arn:aws:chime:us-east-1:1:app-instance/old")?.name).toBe("old");
  store.putSetting("k", "v");
  expect(store.getSetting("k")).toBe("v");
  store.close();
});

test("a version-1 database gets versions 3 (channel flows), 4 (elastic channels, expiry, retention) and 5 (push), its channels and messages kept", () => {
  const path = newPath();
  new Database(path, MIGRATIONS.slice(0, 1)).close();
  const old = new BetterSqlite3(path);
  const appInstance = "arn:aws:chime:us-east-1:1:app-instance/a";
  const channel = `${appInstance}/channel/c`;
  old.exec(`INSERT INTO app_instances VALUES ('${appInstance}', 'a', NULL, 1, 1);
    INSERT INTO app_instance_users VALUES ('${appInstance}/user/u', '${appInstance}', 'u', NULL, NULL, 1, 1);
    INSERT INTO channels VALUES ('${channel}', '${appInstance}', 'c', 'UNRESTRICTED', 'PUBLIC', NULL,
      '${appInstance}/user/u', NULL, 1, 1, 2);
    INSERT INTO channel_messages (channel_arn, message_id, type, content, sender_arn, created_at, updated_at)
      VALUES ('${channel}', 'm', 'STANDARD', 'kept', '${appInstance}/user/u', 2, 2);`);
  old.close();

  const store = openStore(path);
  expect(store.schema).toEqual({ kind: "migrated", from: 1, to: SCHEMA_VERSION, applied: [3, 4, 5] });
  expect(store.getChannel(channel)).toMatchObject({ name: "c", elasticConfiguration: null, lastMessageAt: 2 });
  const page = store.listMessages({ channelArn: channel, order: "ASCENDING", viewerArn: "x", limit: 10 });
  expect(page.items.map((m) => [m.content, m.subChannelId])).toEqual([["kept", null]]);
  expect(store.getRetention(appInstance)).toBeUndefined();
  store.close();
});

/** A user, a channel and its membership, in the tables of every version since 1. */
function seedMember(path: string) {
  const app = "arn:aws:chime:us-east-1:1:app-instance/a";
  const user = `${app}/user/u`;
  const channel = `${app}/channel/c`;
  const db = new BetterSqlite3(path);
  db.exec(`INSERT INTO app_instances VALUES ('${app}', 'a', NULL, 1, 1);
    INSERT INTO app_instance_users VALUES ('${user}', '${app}', 'u', NULL, NULL, 1, 1);
    INSERT INTO channels (arn, app_instance_arn, name, mode, privacy, metadata, created_by, expiration_settings,
      created_at, updated_at, last_message_at)
      VALUES ('${channel}', '${app}', 'c', 'UNRESTRICTED', 'PUBLIC', NULL, '${user}', NULL, 1, 1, NULL);
    INSERT INTO channel_memberships VALUES ('${channel}', '${user}', 'DEFAULT', '${user}', 1, 1, NULL);`);
  db.close();
  return { user, channel };
}

test("a version-4 database (the release before push) gets version 5's push tables, its rows kept; preferences go with the membership", () => {
  const path = newPath();
  new Database(
    path,
    MIGRATIONS.filter((migration) => migration.version <= 4),
  ).close();
  expect(userVersion(path)).toBe(4);
  const { user, channel } = seedMember(path);

  const store = openStore(path);
  expect(store.schema).toEqual({ kind: "migrated", from: 4, to: 5, applied: [5] });
  expect(store.getMembership(channel, user)?.type).toBe("DEFAULT");
  store.putPreferences({ channelArn: channel, memberArn: user, allowNotifications: "NONE", filterRule: null });
  store.insertEndpoint({
    endpointId: "e",
    userArn: user,
    name: null,
    type: "GCM",
    resourceArn: "arn:aws:mobiletargeting:us-east-1:1:apps/x",
    deviceToken: "t",
    voipDeviceToken: null,
    allowMessages: "ALL",
    status: "ACTIVE",
    statusReason: null,
    createdAt: 1,
    updatedAt: 1,
  });
  expect(store.pushTargets(channel)).toMatchObject([
    { memberArn: user, allowNotifications: "NONE", endpoint: { endpointId: "e" } },
  ]);
  store.deleteMembership(channel, user);
  expect(store.getPreferences(channel, user)).toBeUndefined();
  store.close();
});

test("a database of the push branch before its merge (version 2: 1 and the push tables) gets 3, 4 and 5, its devices kept", () => {
  const path = newPath();
  const push = MIGRATIONS.find((migration) => migration.version === 5) as Migration;
  new Database(path, [MIGRATIONS[0], { ...push, version: 2 }]).close();
  const { user, channel } = seedMember(path);
  const db = new BetterSqlite3(path);
  db.exec(`INSERT INTO app_instance_user_endpoints VALUES ('e', '${user}', NULL, 'GCM',
    'arn:aws:mobiletargeting:us-east-1:1:apps/x', 't', NULL, 'ALL', 'ACTIVE', NULL, 1, 1);`);
  db.close();

  const store = openStore(path);
  expect(store.schema).toEqual({ kind: "migrated", from: 2, to: SCHEMA_VERSION, applied: [3, 4, 5] });
  expect(store.pushTargets(channel)).toMatchObject([{ memberArn: user, endpoint: { endpointId: "e" } }]);
  expect(store.getChannel(channel)).toMatchObject({ name: "c", elasticConfiguration: null });
  store.close();
});

describe("migrations merged out of order", () => {
  const appInstance = "arn:aws:chime:us-east-1:1:app-instance/a";
  const channel = `${appInstance}/channel/c`;
  const user = `${appInstance}/user/u`;
  const seed = `INSERT INTO app_instances VALUES ('${appInstance}', 'a', NULL, 1, 1);
    INSERT INTO app_instance_users VALUES ('${user}', '${appInstance}', 'u', NULL, NULL, 1, 1);
    INSERT INTO channels (arn, app_instance_arn, name, mode, privacy, created_by, created_at, updated_at)
      VALUES ('${channel}', '${appInstance}', 'c', 'UNRESTRICTED', 'PUBLIC', '${user}', 1, 1);
    INSERT INTO channel_messages (channel_arn, message_id, type, content, sender_arn, created_at, updated_at)
      VALUES ('${channel}', 'm', 'STANDARD', 'kept', '${user}', 2, 2);`;

  test("a database of the release with versions 1 and 4 (no schema_migrations) gets version 3, its rows kept", () => {
    const path = newPath();
    untrackedDatabase(path, [migration(1), migration(4)]);
    const old = new BetterSqlite3(path);
    old.exec(seed);
    old.close();
    expect(userVersion(path)).toBe(4);

    const store = openStore(path);
    expect(store.schema).toEqual({ kind: "migrated", from: 4, to: SCHEMA_VERSION, applied: [3, 5] });
    // Version 3's tables and columns are there: the kept message reads as SENT, a flow can be stored.
    expect(store.getMessage(channel, "m")).toMatchObject({ content: "kept", status: null, subChannelId: null });
    store.insertChannelFlow({
      arn: `${appInstance}/channel-flow/f`,
      appInstanceArn: appInstance,
      name: "f",
      processors: "[]",
      createdAt: 3,
      updatedAt: 3,
    });
    expect(store.getChannelFlow(`${appInstance}/channel-flow/f`)?.name).toBe("f");
    store.close();
    expect(recorded(path)).toEqual(ALL);
    const again = openStore(path);
    expect(again.schema).toEqual({ kind: "current", version: SCHEMA_VERSION });
    again.close();
  });

  test("a database of the channel flows branch (1 and 3, no schema_migrations) gets version 4", () => {
    const path = newPath();
    untrackedDatabase(path, [migration(1), migration(3)]);
    const store = openStore(path);
    expect(store.schema).toEqual({ kind: "migrated", from: 3, to: SCHEMA_VERSION, applied: [4, 5] });
    store.close();
    expect(recorded(path)).toEqual(ALL);
  });

  test("a migration numbered below the database's highest, merged later, runs on open; the others do not run again", () => {
    const path = newPath();
    openStore(path).close();
    // As a feature written alongside would bring version 2 (its SQL fails if run twice).
    const two: Migration = {
      version: 2,
      description: "a branch's table",
      sql: "CREATE TABLE branch_things (id TEXT);",
    };
    const merged = [MIGRATIONS[0], two, ...MIGRATIONS.slice(1)];
    const later = new Database(path, merged);
    expect(later.schema).toEqual({ kind: "migrated", from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [2] });
    later.run("INSERT INTO branch_things (id) VALUES ('x')");
    later.close();
    expect(recorded(path)).toEqual([...ALL, 2].sort((a, b) => a - b));
    const again = new Database(path, merged);
    expect(again.schema).toEqual({ kind: "current", version: SCHEMA_VERSION });
    again.close();
  });

  test("a branch's version this release does not list is kept and not run again once it is listed", () => {
    const path = newPath();
    const two: Migration = {
      version: 2,
      description: "a branch's table",
      sql: "CREATE TABLE branch_things (id TEXT);",
    };
    untrackedDatabase(path, [migration(1), two]);
    const store = openStore(path);
    expect(store.schema).toEqual({ kind: "migrated", from: 2, to: SCHEMA_VERSION, applied: [3, 4, 5] });
    store.close();
    expect(recorded(path)).toEqual([...ALL, 2].sort((a, b) => a - b));
    const merged = new Database(path, [MIGRATIONS[0], two, ...MIGRATIONS.slice(1)]);
    expect(merged.schema).toEqual({ kind: "current", version: SCHEMA_VERSION });
    merged.close();
  });

  test("a list out of order is a programming error, refused before any migration runs", () => {
    const path = newPath();
    expect(() => new Database(path, [...MIGRATIONS].reverse())).toThrow(/out of order/);
  });
});
