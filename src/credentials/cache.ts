/**
 * A per-key cache of values that expire, such as STS sessions. A value is reused until `refreshBeforeMs`
 * before its expiration; concurrent misses of one key share one load; a failed load is forgotten, so
 * the next call tries again; the least recently used keys are dropped beyond `maxEntries`, which only
 * costs a reload. The clock is injected so refresh can be tested without waiting.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Expiring {
  expiration: Date;
}

export interface RefreshingCacheOptions {
  clock: Clock;
  refreshBeforeMs: number;
  maxEntries: number;
}

interface Entry<V> {
  pending?: Promise<V>;
  value?: V;
}

export class RefreshingCache<V extends Expiring> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly options: RefreshingCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached value of `key` while it is fresh, else the result of `load` (shared while it runs). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const existing = this.entries.get(key);
    if (existing?.pending) return existing.pending;
    if (existing?.value && this.isFresh(existing.value)) {
      this.touch(key, existing);
      return Promise.resolve(existing.value);
    }
    const entry: Entry<V> = {};
    entry.pending = Promise.resolve()
      .then(load)
      .then(
        (value) => {
          // Only the entry still in place is updated: an evicted or replaced one is left alone.
          if (this.entries.get(key) === entry) {
            entry.value = value;
            entry.pending = undefined;
          }
          return value;
        },
        (error: unknown) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw error;
        },
      );
    this.touch(key, entry);
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry.pending;
  }

  /** Forgets `key` (its next get loads again). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  private isFresh(value: V): boolean {
    return value.expiration.getTime() - this.options.refreshBeforeMs > this.options.clock.now().getTime();
  }

  /** Moves `key` to the most recently used end (Map keeps insertion order). */
  private touch(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}
