import type { UpdateChannelRequest, UpdateChannelResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import { BadRequestError } from "../../errors";
import { isElastic } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { channelAudience } from "../../events";
import { channelView } from "../../views";

/**
 * Moderators and admins change Name, Mode and Metadata. Only the members given change; an omitted
 * member keeps its value (the model makes all three optional). Privacy cannot be changed, nor an
 * elastic channel made UNRESTRICTED (it cannot be created so: _reading_, the same rule).
 */
export function updateChannel({
  store,
  clock,
  events,
}: Pick<Services, "store" | "clock" | "events">): OperationHandler<UpdateChannelRequest, UpdateChannelResponse> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "UpdateChannel");
    const { channel } = access;
    if (isElastic(channel) && input.Mode === "UNRESTRICTED") {
      throw new BadRequestError("An elastic channel cannot be UNRESTRICTED.");
    }
    const update = {
      name: input.Name ?? channel.name,
      mode: input.Mode ?? channel.mode,
      metadata: input.Metadata ?? channel.metadata,
      updatedAt: clock.now().getTime(),
    };
    store.updateChannel(channel.arn, update);
    events.publish({
      type: "UPDATE_CHANNEL",
      messageType: "SYSTEM",
      payload: channelView(store, { ...channel, ...update }),
      recipients: channelAudience(store, channel.arn),
    });
    return { ChannelArn: channel.arn };
  };
}
