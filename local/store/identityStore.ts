/** App instances, their users and their admins. */
import type { Database, Page } from "./database";

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

const APP_INSTANCE = `arn, name, metadata, created_at AS createdAt, updated_at AS updatedAt`;
const USER = `arn, app_instance_arn AS appInstanceArn, name, metadata, expiration_settings AS expirationSettings,
  created_at AS createdAt, updated_at AS updatedAt`;
const ADMIN = `app_instance_arn AS appInstanceArn, admin_arn AS adminArn, created_at AS createdAt`;

/** The tables of an app instance's users and admins: the columns read and the key pages are ordered by. */
interface AppInstanceTable {
  table: string;
  columns: string;
  key: string;
}
const USERS: AppInstanceTable = { table: "app_instance_users", columns: USER, key: "arn" };
const ADMINS: AppInstanceTable = { table: "app_instance_admins", columns: ADMIN, key: "admin_arn" };

export function identityStore(db: Database) {
  /** A keyset page of one app instance's rows of `table`, after the key `after`. */
  const pageOfAppInstance = <Row>(
    { table, columns, key }: AppInstanceTable,
    appInstanceArn: string,
    after: string | undefined,
    limit: number,
  ): Page<Row> =>
    db.page(
      `SELECT ${columns} FROM ${table} WHERE app_instance_arn = @appInstanceArn AND ${key} > @after
       ORDER BY ${key} LIMIT @limit`,
      { appInstanceArn, after: after ?? "", limit },
    );
  const countOfAppInstance = ({ table }: AppInstanceTable, appInstanceArn: string): number =>
    db.count(`SELECT count(*) AS n FROM ${table} WHERE app_instance_arn = @appInstanceArn`, { appInstanceArn });

  return {
    // App instances

    insertAppInstance(row: AppInstanceRow): void {
      db.run(
        `INSERT INTO app_instances (arn, name, metadata, created_at, updated_at)
         VALUES (@arn, @name, @metadata, @createdAt, @updatedAt)`,
        { ...row },
      );
    },

    getAppInstance(arn: string): AppInstanceRow | undefined {
      return db.get(`SELECT ${APP_INSTANCE} FROM app_instances WHERE arn = @arn`, { arn });
    },

    updateAppInstance(arn: string, fields: { name: string; metadata: string | null; updatedAt: number }): void {
      db.run(`UPDATE app_instances SET name = @name, metadata = @metadata, updated_at = @updatedAt WHERE arn = @arn`, {
        arn,
        ...fields,
      });
    },

    deleteAppInstance(arn: string): void {
      db.run(`DELETE FROM app_instances WHERE arn = @arn`, { arn });
    },

    listAppInstances(after: string | undefined, limit: number): Page<AppInstanceRow> {
      return db.page(`SELECT ${APP_INSTANCE} FROM app_instances WHERE arn > @after ORDER BY arn LIMIT @limit`, {
        after: after ?? "",
        limit,
      });
    },

    countAppInstances(): number {
      return db.count(`SELECT count(*) AS n FROM app_instances`);
    },

    // App instance users

    insertUser(row: AppInstanceUserRow): void {
      db.run(
        `INSERT INTO app_instance_users (arn, app_instance_arn, name, metadata, expiration_settings, created_at, updated_at)
         VALUES (@arn, @appInstanceArn, @name, @metadata, @expirationSettings, @createdAt, @updatedAt)`,
        { ...row },
      );
    },

    getUser(arn: string): AppInstanceUserRow | undefined {
      return db.get(`SELECT ${USER} FROM app_instance_users WHERE arn = @arn`, { arn });
    },

    /** A user and whether it is an admin of its app instance, in one read: what a call's bearer needs. */
    getBearer(arn: string): { user: AppInstanceUserRow; isAdmin: boolean } | undefined {
      const row = db.get<AppInstanceUserRow & { isAdmin: number }>(
        `SELECT ${USER}, EXISTS (SELECT 1 FROM app_instance_admins
           WHERE app_instance_arn = users.app_instance_arn AND admin_arn = users.arn) AS isAdmin
         FROM app_instance_users AS users WHERE arn = @arn`,
        { arn },
      );
      if (!row) return undefined;
      const { isAdmin, ...user } = row;
      return { user, isAdmin: isAdmin === 1 };
    },

    updateUser(arn: string, fields: { name: string; metadata: string | null; updatedAt: number }): void {
      db.run(
        `UPDATE app_instance_users SET name = @name, metadata = @metadata, updated_at = @updatedAt WHERE arn = @arn`,
        { arn, ...fields },
      );
    },

    setUserExpiration(arn: string, expirationSettings: string | null, updatedAt: number): void {
      db.run(
        `UPDATE app_instance_users SET expiration_settings = @expirationSettings, updated_at = @updatedAt WHERE arn = @arn`,
        { arn, expirationSettings, updatedAt },
      );
    },

    /** Deleting a user also removes their memberships, moderator roles, bans and admin role. */
    deleteUser(arn: string): void {
      db.run(`DELETE FROM app_instance_users WHERE arn = @arn`, { arn });
    },

    listUsers(appInstanceArn: string, after: string | undefined, limit: number): Page<AppInstanceUserRow> {
      return pageOfAppInstance(USERS, appInstanceArn, after, limit);
    },

    countUsers(appInstanceArn: string): number {
      return countOfAppInstance(USERS, appInstanceArn);
    },

    // App instance admins

    /** Adds an admin; returns false (and changes nothing) when the user already is one. */
    insertAdmin(row: AppInstanceAdminRow): boolean {
      return (
        db.run(
          `INSERT OR IGNORE INTO app_instance_admins (app_instance_arn, admin_arn, created_at)
           VALUES (@appInstanceArn, @adminArn, @createdAt)`,
          { ...row },
        ).changes > 0
      );
    },

    getAdmin(appInstanceArn: string, adminArn: string): AppInstanceAdminRow | undefined {
      return db.get(
        `SELECT ${ADMIN} FROM app_instance_admins WHERE app_instance_arn = @appInstanceArn AND admin_arn = @adminArn`,
        { appInstanceArn, adminArn },
      );
    },

    deleteAdmin(appInstanceArn: string, adminArn: string): void {
      db.run(`DELETE FROM app_instance_admins WHERE app_instance_arn = @appInstanceArn AND admin_arn = @adminArn`, {
        appInstanceArn,
        adminArn,
      });
    },

    listAdmins(appInstanceArn: string, after: string | undefined, limit: number): Page<AppInstanceAdminRow> {
      return pageOfAppInstance(ADMINS, appInstanceArn, after, limit);
    },

    countAdmins(appInstanceArn: string): number {
      return countOfAppInstance(ADMINS, appInstanceArn);
    },
  };
}

export type IdentityStore = ReturnType<typeof identityStore>;
