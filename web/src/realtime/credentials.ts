/**
 * The caller's Chime credentials from the API's `credentials` mutation, refreshed before they expire:
 * when fewer than 4 minutes remain (the API hands out a new session in the last 5), or a third of the
 * lifetime for sessions shorter than 12 minutes. Refreshed ahead, in the background, so that a
 * reconnect finds fresh ones; asked for at once when the SDK needs them and they are due. Kept in
 * memory only: they are a secret.
 */
import type { AwsCredentialIdentity } from "@smithy/types";

export interface VendedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO-8601 */
  expiration: string;
  region: string;
  userArn: string;
  messagingSessionEndpoint: string;
}

const REFRESH_MARGIN_MS = 4 * 60_000;
/** After a failed background refresh, the next try (the SDK may ask sooner). */
const RETRY_MS = 10_000;

export class CredentialsSource {
  private current: { credentials: VendedCredentials; refreshAt: number; expiresAt: number } | undefined;
  private pending: Promise<VendedCredentials> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly fetchCredentials: () => Promise<VendedCredentials>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current credentials, or new ones once they are due. */
  async get(): Promise<VendedCredentials> {
    const current = this.current;
    if (current && this.now() < current.refreshAt) return current.credentials;
    try {
      return await this.refresh();
    } catch (error) {
      // Due but still valid: use them, and try again on the next call.
      if (current && this.now() < current.expiresAt) return current.credentials;
      throw error;
    }
  }

  /** Drops the current credentials (after the service refused them), so the next call asks again. */
  invalidate(): void {
    this.current = undefined;
  }

  /** No more background refreshes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The AWS SDK client's `credentials`: the SDK calls it whenever its own copy nears expiry. */
  readonly provider = async (): Promise<AwsCredentialIdentity> => {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = await this.get();
    return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) };
  };

  private refresh(): Promise<VendedCredentials> {
    // Concurrent callers share one request.
    this.pending ??= this.fetchCredentials()
      .then((credentials) => {
        const expiresAt = Date.parse(credentials.expiration);
        const lifetime = expiresAt - this.now();
        const refreshAt = expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 3);
        this.current = { credentials, expiresAt, refreshAt };
        this.refreshAt(refreshAt);
        return credentials;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  private refreshAt(at: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(
      () => this.refresh().catch(() => this.refreshAt(this.now() + RETRY_MS)),
      Math.max(0, at - this.now()),
    );
  }
}
