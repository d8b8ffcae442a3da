/**
 * Creates the caller's AppInstanceUser on first use. Creation is idempotent (an existing user is left
 * as it is) and remembered per container, so a warm container calls Chime once per user. Concurrent
 * first requests of one user share one call; a failed call is forgotten so the next request retries.
 *
 * A name Chime refuses (BadRequestException) never fails the request: the user is created with its
 * user id as name instead, and the refusal is reported once (the `onNameRefused` callback; it gets the
 * user id, never the name, which is personal data).
 */
import { ChimeCallError } from "../chime/errors";
import type { ChimeGateway } from "../chime/gateway";
import type { CallerIdentity } from "./identity";

export class UserProvisioner {
  private readonly known = new Map<string, Promise<void>>();

  constructor(
    private readonly chime: Pick<ChimeGateway, "createAppInstanceUser">,
    private readonly onNameRefused: (userId: string) => void = () => undefined,
    /** Bounds the cache; forgetting a user only costs one more idempotent call. */
    private readonly maxEntries = 10_000,
  ) {}

  ensure(identity: Pick<CallerIdentity, "sub" | "name">): Promise<void> {
    const cached = this.known.get(identity.sub);
    if (cached) return cached;
    const pending = this.create(identity.sub, identity.name);
    this.known.set(identity.sub, pending);
    pending.catch(() => this.known.delete(identity.sub));
    if (this.known.size > this.maxEntries) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    return pending;
  }

  private async create(userId: string, name: string): Promise<void> {
    try {
      await this.chime.createAppInstanceUser(userId, name);
    } catch (error) {
      const refusedInput = error instanceof ChimeCallError && error.awsErrorName === "BadRequestException";
      if (!refusedInput || name === userId) throw error;
      this.onNameRefused(userId);
      // The user id matches Chime's UserId pattern, which its Name pattern contains.
      await this.chime.createAppInstanceUser(userId, userId);
    }
  }
}
