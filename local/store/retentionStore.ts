/** App-instance retention settings: how long channel messages are kept, and when deletion starts. */
import type { Database } from "./database";

export interface RetentionRow {
  appInstanceArn: string;
  /** Null: retention off. */
  retentionDays: number | null;
  /** When messages past the retention period start being deleted for good (after the grace period). */
  initiateDeletionAt: number | null;
  updatedAt: number;
}

const RETENTION = `app_instance_arn AS appInstanceArn, retention_days AS retentionDays,
  initiate_deletion_at AS initiateDeletionAt, updated_at AS updatedAt`;

export function retentionStore(db: Database) {
  return {
    putRetention(row: RetentionRow): void {
      db.run(
        `INSERT INTO app_instance_retention (app_instance_arn, retention_days, initiate_deletion_at, updated_at)
         VALUES (@appInstanceArn, @retentionDays, @initiateDeletionAt, @updatedAt)
         ON CONFLICT (app_instance_arn) DO UPDATE SET retention_days = excluded.retention_days,
           initiate_deletion_at = excluded.initiate_deletion_at, updated_at = excluded.updated_at`,
        { ...row },
      );
    },

    getRetention(appInstanceArn: string): RetentionRow | undefined {
      return db.get(`SELECT ${RETENTION} FROM app_instance_retention WHERE app_instance_arn = @appInstanceArn`, {
        appInstanceArn,
      });
    },

    /** The app instances whose retention deletes messages for good by `now` (the grace period is over). */
    retentionsDeletingBy(now: number): RetentionRow[] {
      return db.all(
        `SELECT ${RETENTION} FROM app_instance_retention
         WHERE retention_days IS NOT NULL AND initiate_deletion_at <= @now`,
        { now },
      );
    },

    /** The earliest deletion start after `now`, if any. */
    nextRetentionDeletionAfter(now: number): number | undefined {
      return (
        db.get<{ at: number | null }>(
          `SELECT min(initiate_deletion_at) AS at FROM app_instance_retention
           WHERE retention_days IS NOT NULL AND initiate_deletion_at > @now`,
          { now },
        )?.at ?? undefined
      );
    },
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;
