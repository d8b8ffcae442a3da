/**
 * Per container, what sending with a push needs from Chime besides the send, asked once and kept a few
 * minutes: a channel's name (the default title) and whether it is a large (elastic) one, and that the
 * sender's own preferences in the channel leave out their own messages (notificationLevels.ts). A member who never chose a level has Chime's
 * default, which pushes their own messages to their devices: before their first push-carrying message in
 * a channel, the API sets the ALL level's rule for them. Losing this memory only costs a call again.
 */
import type { ChimeSession } from "../chime/gateway";
import { RefreshingCache, type Clock } from "../credentials/cache";
import { levelOf, preferencesFor } from "./notificationLevels";

const REMEMBER_MS = 5 * 60_000;

export interface PushChannel {
  name: string;
  /** A large channel: Chime keeps no membership preferences there, so the API sends it no pushes. */
  elastic: boolean;
}
const MAX_ENTRIES = 10_000;

export class PushSenderState {
  private readonly channels: RefreshingCache<PushChannel & { expiration: Date }>;
  private readonly ownRules: RefreshingCache<{ expiration: Date }>;

  constructor(private readonly clock: Clock) {
    const options = { clock, refreshBeforeMs: 0, maxEntries: MAX_ENTRIES };
    this.channels = new RefreshingCache(options);
    this.ownRules = new RefreshingCache(options);
  }

  private expiration(): Date {
    return new Date(this.clock.now().getTime() + REMEMBER_MS);
  }

  channel(chime: ChimeSession, channelArn: string): Promise<PushChannel> {
    return this.channels
      .get(channelArn, async () => {
        const { Channel } = await chime.describeChannel(channelArn);
        return {
          name: Channel?.Name ?? "",
          elastic: Channel?.ElasticChannelConfiguration !== undefined,
          expiration: this.expiration(),
        };
      })
      .then(({ name, elastic }) => ({ name, elastic }));
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
