/**
 * Creates the caller's AppInstanceUser on first use. Creation is idempotent (an existing user is left
 * as it is) and remembered per container, so a warm container calls Chime once per user. Concurrent
 * first requests of one user share one call; a failed call is forgotten so the next request retries.
 */
import type { ChimeGateway } from "../chime/gateway";
import type { CallerIdentity } from "./identity";

export class UserProvisioner {
  private readonly known = new Map<string, Promise<void>>();

  constructor(
    private readonly chime: Pick<ChimeGateway, "createAppInstanceUser">,
    /** Bounds the cache; forgetting a user only costs one more idempotent call. */
    private readonly maxEntries = 10_000,
  ) {}

  ensure(identity: Pick<CallerIdentity, "sub" | "name">): Promise<void> {
    const cached = this.known.get(identity.sub);
    if (cached) return cached;
    const pending = this.chime.createAppInstanceUser(identity.sub, identity.name).then(() => undefined);
    this.known.set(identity.sub, pending);
    pending.catch(() => this.known.delete(identity.sub));
    if (this.known.size > this.maxEntries) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    return pending;
  }
}
