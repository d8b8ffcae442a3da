import type {
  PutChannelExpirationSettingsRequest,
  PutChannelExpirationSettingsResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import { channelAudience } from "../../events";
import type { OperationHandler, Services } from "../../services";
import { channelView } from "../../views";

/**
 * Sets, or clears when ExpirationSettings is left out, when the channel is deleted: ExpirationDays
 * after its creation or its last message (the sweep, local/chime/expiry.ts). Readings where the API
 * reference is silent: who may call it is who may delete the channel (moderators and admins: expiring is
 * a deferred delete); the bearer, optional in the model but "mandatory" in its documentation, is
 * required (401 without one); and the channel's members hear UPDATE_CHANNEL, which "signifies any update
 * made to the channel details" (its Channel carries ExpirationSettings).
 */
export function putChannelExpirationSettings({
  store,
  clock,
  events,
}: Pick<Services, "store" | "clock" | "events">): OperationHandler<
  PutChannelExpirationSettingsRequest,
  PutChannelExpirationSettingsResponse
> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "PutChannelExpirationSettings");
    const { channel } = access;
    const settings = input.ExpirationSettings;
    const update = {
      expirationSettings: settings ? JSON.stringify(settings) : null,
      updatedAt: clock.now().getTime(),
    };
    store.setChannelExpiration(channel.arn, update.expirationSettings, update.updatedAt);
    events.publish({
      type: "UPDATE_CHANNEL",
      messageType: "SYSTEM",
      payload: channelView(store, { ...channel, ...update }),
      recipients: channelAudience(store, channel.arn),
    });
    return { ChannelArn: channel.arn, ExpirationSettings: settings };
  };
}
