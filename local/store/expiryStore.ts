/**
 * What the expiration sweep reads: the channels and users whose ExpirationSettings have run out, and
 * when the next one will. Only rows with settings are read (the partial indexes of schema.ts), so the
 * sweep costs nothing where nothing expires. The times are the model's criteria: a channel expires
 * ExpirationDays after its creation (CREATED_TIMESTAMP) or after its last message
 * (LAST_MESSAGE_TIMESTAMP; from its creation while it has none), a user ExpirationDays after its
 * creation (the only criterion identity has). Settings without a criterion (stored by builds before
 * the models' validation) never expire.
 */
import type { Database } from "./database";

const DAY_MS = 24 * 60 * 60 * 1000;

const CHANNEL_EXPIRES_AT = `(CASE json_extract(expiration_settings, '$.ExpirationCriterion')
    WHEN 'CREATED_TIMESTAMP' THEN created_at
    WHEN 'LAST_MESSAGE_TIMESTAMP' THEN coalesce(last_message_at, created_at) END)
  + json_extract(expiration_settings, '$.ExpirationDays') * ${DAY_MS}`;

const USER_EXPIRES_AT = `(CASE json_extract(expiration_settings, '$.ExpirationCriterion')
    WHEN 'CREATED_TIMESTAMP' THEN created_at END)
  + json_extract(expiration_settings, '$.ExpirationDays') * ${DAY_MS}`;

const arns = (rows: { arn: string }[]) => rows.map((row) => row.arn);

export function expiryStore(db: Database) {
  return {
    /** Channels whose expiration time is `now` or before. */
    expiredChannelArns(now: number): string[] {
      return arns(
        db.all(
          `SELECT arn FROM channels WHERE expiration_settings IS NOT NULL AND ${CHANNEL_EXPIRES_AT} <= @now ORDER BY arn`,
          { now },
        ),
      );
    },

    /** Users whose expiration time is `now` or before. */
    expiredUserArns(now: number): string[] {
      return arns(
        db.all(
          `SELECT arn FROM app_instance_users WHERE expiration_settings IS NOT NULL AND ${USER_EXPIRES_AT} <= @now
           ORDER BY arn`,
          { now },
        ),
      );
    },

    /** The earliest expiration of a channel or a user after `now`, if any. */
    nextExpiryAfter(now: number): number | undefined {
      const row = db.get<{ at: number | null }>(
        `SELECT min(at) AS at FROM (
           SELECT min(${CHANNEL_EXPIRES_AT}) AS at FROM channels
             WHERE expiration_settings IS NOT NULL AND ${CHANNEL_EXPIRES_AT} > @now
           UNION ALL
           SELECT min(${USER_EXPIRES_AT}) AS at FROM app_instance_users
             WHERE expiration_settings IS NOT NULL AND ${USER_EXPIRES_AT} > @now)`,
        { now },
      );
      return row?.at ?? undefined;
    },
  };
}

export type ExpiryStore = ReturnType<typeof expiryStore>;
