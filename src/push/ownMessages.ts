/**
 * Per container, what sending with a push needs from Chime besides the send, asked once and kept a few
 * minutes: a channel's name (the default title), and that the sender's own preferences in the channel
 * leave out their own messages (notificationLevels.ts). A member who never chose a level has Chime's
 * default, which pushes their own messages to their devices: before their first push-carrying message in
 * a channel, the API sets the ALL level's rule for them. Losing this memory only costs a call again.
 */
import type { ChimeSession } from "../chime/gateway";
import { RefreshingCache, type Clock } from "../credentials/cache";
import { levelOf, preferencesFor } from "./notificationLevels";

const REMEMBER_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

export class PushSenderState {
  private readonly names: RefreshingCache<{ name: string; expiration: Date }>;
  private readonly ownRules: RefreshingCache<{ expiration: Date }>;

  constructor(private readonly clock: Clock) {
    const options = { clock, refreshBeforeMs: 0, maxEntries: MAX_ENTRIES };
    this.names = new RefreshingCache(options);
    this.ownRules = new RefreshingCache(options);
  }

  private expiration(): Date {
    return new Date(this.clock.now().getTime() + REMEMBER_MS);
  }

  channelName(chime: ChimeSession, channelArn: string): Promise<string> {
    return this.names
      .get(channelArn, async () => {
        const { Channel } = await chime.describeChannel(channelArn);
        return { name: Channel?.Name ?? "", expiration: this.expiration() };
      })
      .then((entry) => entry.name);
  }

  /** Makes sure the bearer's preferences in the channel keep their own messages out. */
  async excludeOwnMessages(chime: ChimeSession, channelArn: string, userId: string): Promise<void> {
    await this.ownRules.get(`${chime.bearer} ${channelArn}`, async () => {
      const { Preferences } = await chime.getOwnPreferences(channelArn);
      if (levelOf(Preferences?.PushNotifications, userId) === "DEFAULT") {
        await chime.putOwnPreferences(channelArn, preferencesFor("ALL", userId));
      }
      return { expiration: this.expiration() };
    });
  }

  /** After the bearer set a level themselves: their next send looks again. */
  forget(bearer: string, channelArn: string): void {
    this.ownRules.delete(`${bearer} ${channelArn}`);
  }
}
