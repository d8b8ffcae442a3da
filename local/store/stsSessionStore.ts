/** STS sessions: the temporary credentials AssumeRole vends. */
import type { Database } from "./database";

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

const STS_SESSION = `access_key_id AS accessKeyId, secret_access_key AS secretAccessKey, session_token AS sessionToken,
  role_arn AS roleArn, session_name AS sessionName, tags, transitive_tag_keys AS transitiveTagKeys,
  session_policy AS sessionPolicy, source_identity AS sourceIdentity, created_at AS createdAt, expires_at AS expiresAt`;

export function stsSessionStore(db: Database) {
  return {
    insertStsSession(row: StsSessionRow): void {
      db.run(
        `INSERT INTO sts_sessions (access_key_id, secret_access_key, session_token, role_arn, session_name, tags,
           transitive_tag_keys, session_policy, source_identity, created_at, expires_at)
         VALUES (@accessKeyId, @secretAccessKey, @sessionToken, @roleArn, @sessionName, @tags,
           @transitiveTagKeys, @sessionPolicy, @sourceIdentity, @createdAt, @expiresAt)`,
        { ...row },
      );
    },

    getStsSession(accessKeyId: string): StsSessionRow | undefined {
      return db.get(`SELECT ${STS_SESSION} FROM sts_sessions WHERE access_key_id = @accessKeyId`, { accessKeyId });
    },

    /** Forgets sessions that expired before `before`; their keys then answer as unknown. */
    deleteStsSessionsExpiredBefore(before: number): void {
      db.run(`DELETE FROM sts_sessions WHERE expires_at < @before`, { before });
    },
  };
}

export type StsSessionStore = ReturnType<typeof stsSessionStore>;
