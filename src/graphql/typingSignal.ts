/**
 * The typing signal (`signalTyping`): a CONTROL, NON_PERSISTENT message with a fixed content, which
 * Chime delivers to the channel's connected members and never stores. A caller may send at most one
 * per channel per interval; the times are kept in this container's memory (bounded, least recently
 * used dropped), so with several containers the limit holds per container: it stops a client that
 * signals on every keystroke, not a determined one (Chime's own quotas stay the hard limit).
 */
import type { Clock } from "../credentials/cache";

/** What receivers recognise: the exact content of the CONTROL message (at most 30 bytes, as Chime allows). */
export const TYPING_SIGNAL_CONTENT = '{"signal":"typing"}';
export const TYPING_SIGNAL_INTERVAL_MS = 2_000;
const MAX_ENTRIES = 10_000;

export class TypingSignalLimiter {
  /** `<caller> <channel>` -> when the last signal went out (ms); oldest first. */
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = TYPING_SIGNAL_INTERVAL_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** True, with the time noted, when `callerArn` may signal in `channelArn` now; false within the interval. */
  tryAcquire(callerArn: string, channelArn: string): boolean {
    const key = `${callerArn} ${channelArn}`;
    const now = this.clock.now().getTime();
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < this.intervalMs) return false;
    this.lastSent.delete(key);
    this.lastSent.set(key, now);
    if (this.lastSent.size > this.maxEntries) {
      const oldest = this.lastSent.keys().next().value;
      if (oldest !== undefined) this.lastSent.delete(oldest);
    }
    return true;
  }

  /** Forgets a signal that was not sent (Chime refused it), so that a retry is not held back. */
  release(callerArn: string, channelArn: string): void {
    this.lastSent.delete(`${callerArn} ${channelArn}`);
  }
}
