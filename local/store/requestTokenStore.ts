/** ClientRequestToken results, so that a retried create returns the first result and has no second effect. */
import type { Database } from "./database";

export function requestTokenStore(db: Database) {
  return {
    getIdempotentResult(scope: string, token: string): { fingerprint: string; result: string } | undefined {
      return db.get(`SELECT fingerprint, result FROM idempotency_tokens WHERE scope = @scope AND token = @token`, {
        scope,
        token,
      });
    },

    putIdempotentResult(scope: string, token: string, fingerprint: string, result: string): void {
      db.run(
        `INSERT INTO idempotency_tokens (scope, token, fingerprint, result) VALUES (@scope, @token, @fingerprint, @result)`,
        { scope, token, fingerprint, result },
      );
    },
  };
}

export type RequestTokenStore = ReturnType<typeof requestTokenStore>;
