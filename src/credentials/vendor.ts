/**
 * Vends STS credentials that act only as one user's AppInstanceUser: AssumeRole on the user role with
 * the session tag `<sessionTagKey> = <user id>`, which the role's policy puts in the only user ARN it
 * allows (`.../user/${aws:PrincipalTag/<sessionTagKey>}`). The server role needs sts:AssumeRole and
 * sts:TagSession on the user role. Sessions are cached per user until five minutes before they expire.
 *
 * Knows nothing of GraphQL. Secrets never reach a log or an error: VendedCredentials hides them from
 * JSON.stringify and util.inspect, and failures carry STS's error name, never its message.
 */
import { inspect } from "node:util";
import { AssumeRoleCommand, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { sdkCallOptions, type DeadlineSignal, type SdkCallOptions } from "../aws/deadline";
import type { CredentialsConfig } from "../config";
import { RefreshingCache, systemClock, type Clock } from "./cache";
import { CredentialsError, toCredentialsError } from "./errors";
import { roleSessionName } from "./sessionName";

/** What clients reuse: until this long before expiry, a call returns the same session. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

// STS tag values: up to 256 letters, separators, numbers and _.:/=+-@. No `*`, `?` or `$` can reach the
// policy variable; the check is STS's own, made here so a bad id never leaves the server.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/** A vended session. The secret and the token are left out of JSON and inspection (logs). */
export class VendedCredentials {
  constructor(
    readonly accessKeyId: string,
    readonly secretAccessKey: string,
    readonly sessionToken: string,
    readonly expiration: Date,
    /** The RoleSessionName, as CloudTrail shows it. */
    readonly roleSessionName: string,
  ) {}

  toJSON() {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: "[redacted]",
      sessionToken: "[redacted]",
      expiration: this.expiration.toISOString(),
      roleSessionName: this.roleSessionName,
    };
  }

  [inspect.custom]() {
    return `VendedCredentials ${JSON.stringify(this.toJSON())}`;
  }
}

/** Told about every AssumeRole (not cache hits), for logs: never the secret or the token. */
export type CredentialsObserver = (event: {
  operation: "AssumeRole";
  roleSessionName: string;
  durationMs: number;
  vended?: { accessKeyId: string; expiration: Date };
  error?: CredentialsError;
}) => void;

/** The one STS call used, so tests can give a fake; an STSClient fits. */
export interface AssumeRoleSender {
  send(command: AssumeRoleCommand, options?: SdkCallOptions): Promise<AssumeRoleCommandOutput>;
}

export interface CredentialVendorOptions {
  clock?: Clock;
  observe?: CredentialsObserver;
  /** Users whose sessions are kept; more only costs AssumeRole calls. */
  maxEntries?: number;
  /** Ends the call at the request's deadline. */
  deadline?: DeadlineSignal;
}

export class CredentialVendor {
  private readonly cache: RefreshingCache<VendedCredentials>;

  constructor(
    private readonly sts: AssumeRoleSender,
    private readonly config: CredentialsConfig,
    private readonly options: CredentialVendorOptions = {},
  ) {
    this.cache = new RefreshingCache({
      clock: options.clock ?? systemClock,
      refreshBeforeMs: REFRESH_BEFORE_EXPIRY_MS,
      maxEntries: options.maxEntries ?? 10_000,
    });
  }

  /** Credentials that act only as `userId` (the Cognito sub, the AppInstanceUser id). */
  credentialsFor(userId: string): Promise<VendedCredentials> {
    return this.cache.get(userId, () => this.assumeRole(userId));
  }

  private async assumeRole(userId: string): Promise<VendedCredentials> {
    const sessionName = roleSessionName(userId);
    const started = performance.now();
    const observe = (outcome: { vended?: VendedCredentials; error?: CredentialsError }) =>
      this.options.observe?.({
        operation: "AssumeRole",
        roleSessionName: sessionName,
        durationMs: performance.now() - started,
        ...(outcome.vended
          ? { vended: { accessKeyId: outcome.vended.accessKeyId, expiration: outcome.vended.expiration } }
          : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      });
    try {
      // Defence in depth behind src/auth, which refuses such a token first: a service identity
      // (the backend user) is never put in a session tag, whatever the caller.
      if (this.config.reservedUserIds.includes(userId)) {
        throw new CredentialsError(
          "FORBIDDEN",
          "AssumeRole",
          "ReservedUserId",
          undefined,
          undefined,
          "Credentials were asked for a reserved user id; src/auth should have refused the token.",
        );
      }
      if (!TAG_VALUE.test(userId)) {
        throw new CredentialsError(
          "INTERNAL_SERVER_ERROR",
          "AssumeRole",
          "InvalidUserId",
          undefined,
          undefined,
          "The user id cannot be an STS session tag value.",
        );
      }
      const { Credentials } = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: this.config.userRoleArn,
          RoleSessionName: sessionName,
          DurationSeconds: this.config.durationSeconds,
          Tags: [{ Key: this.config.sessionTagKey, Value: userId }],
        }),
        sdkCallOptions(this.options.deadline),
      );
      const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = Credentials ?? {};
      if (!AccessKeyId || !SecretAccessKey || !SessionToken || !(Expiration instanceof Date)) {
        throw new CredentialsError(
          "INTERNAL_SERVER_ERROR",
          "AssumeRole",
          "IncompleteCredentials",
          undefined,
          undefined,
          "STS answered without complete credentials.",
        );
      }
      const vended = new VendedCredentials(AccessKeyId, SecretAccessKey, SessionToken, Expiration, sessionName);
      observe({ vended });
      return vended;
    } catch (cause) {
      const error = toCredentialsError("AssumeRole", cause);
      observe({ error });
      throw error;
    }
  }
}
