import type { MessageRow, Store } from "../../../store/store";
import { subChannelAudience } from "../../elastic";
import { channelAudience, type ChannelEvents, type ChannelEventType } from "../../events";
import { messageView } from "../../views";

/**
 * Tells the channel's connected members about a message: all members, hidden ones included, or only
 * the sender and the target of a targeted message. The sender hears of their own messages too. In an
 * elastic channel, the members of the message's sub-channel only.
 */
export function publishMessageEvent(
  events: ChannelEvents,
  store: Pick<Store, "listMemberArns" | "subChannelMemberArns">,
  type: Extract<ChannelEventType, `${string}_CHANNEL_MESSAGE`>,
  message: MessageRow,
  persistence: "PERSISTENT" | "NON_PERSISTENT" = "PERSISTENT",
): void {
  const audience = () =>
    message.subChannelId === null
      ? channelAudience(store, message.channelArn)
      : subChannelAudience(store, message.channelArn, message.subChannelId);
  const recipients = message.targetArn === null ? audience() : [message.senderArn, message.targetArn];
  events.publish({ type, messageType: message.type, payload: messageView(message, persistence), recipients });
}
