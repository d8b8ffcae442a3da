/**
 * Who is typing where. The API's `signalTyping` sends a CONTROL, NON_PERSISTENT message with the content
 * below; a user shows as typing for 6 s after their last signal, or until their next message arrives.
 */
export const TYPING_SIGNAL_CONTENT = '{"signal":"typing"}';
export const TYPING_SHOWN_MS = 6_000;
/** While the user types, a signal every 3 s. */
export const TYPING_SIGNAL_EVERY_MS = 3_000;
/** The API drops a user's signals closer than 2 s apart in a channel. */
export const TYPING_SIGNAL_MIN_GAP_MS = 2_000;
/** A signal the API held back (too soon by its clock) is sent once more after this. */
export const TYPING_SIGNAL_RETRY_MS = 750;

export interface Typist {
  arn: string;
  name: string;
}

const NOBODY: readonly Typist[] = [];

export class TypingTracker {
  private readonly typists = new Map<string, Map<string, { typist: Typist; timer: ReturnType<typeof setTimeout> }>>();
  /** Per channel, the array the UI last saw (stable until something changes, as useSyncExternalStore wants). */
  private readonly snapshots = new Map<string, readonly Typist[]>();
  private readonly listeners = new Set<() => void>();

  signal(channelArn: string, typist: Typist): void {
    const channel =
      this.typists.get(channelArn) ?? new Map<string, { typist: Typist; timer: ReturnType<typeof setTimeout> }>();
    this.typists.set(channelArn, channel);
    clearTimeout(channel.get(typist.arn)?.timer);
    channel.set(typist.arn, { typist, timer: setTimeout(() => this.clear(channelArn, typist.arn), TYPING_SHOWN_MS) });
    this.changed(channelArn);
  }

  clear(channelArn: string, arn: string): void {
    const entry = this.typists.get(channelArn)?.get(arn);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.typists.get(channelArn)?.delete(arn);
    this.changed(channelArn);
  }

  /** Who types in the channel now (a stable array while nothing changes). */
  who(channelArn: string): readonly Typist[] {
    return this.snapshots.get(channelArn) ?? NOBODY;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  stop(): void {
    for (const channel of this.typists.values()) for (const { timer } of channel.values()) clearTimeout(timer);
    this.typists.clear();
  }

  private changed(channelArn: string): void {
    const channel = this.typists.get(channelArn);
    this.snapshots.set(channelArn, channel ? [...channel.values()].map(({ typist }) => typist) : NOBODY);
    for (const listener of this.listeners) listener();
  }
}
