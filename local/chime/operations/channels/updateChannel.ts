import type { UpdateChannelRequest, UpdateChannelResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { checkEnum, checkLength, checkPattern, METADATA_MAX, NON_EMPTY_NAME } from "../../validate";

/**
 * Moderators and admins change Name, Mode and Metadata. Only the members given change; an omitted
 * member keeps its value (the model makes all three optional). Privacy cannot be changed.
 */
export function updateChannel({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<UpdateChannelRequest, UpdateChannelResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkLength("name", input.Name, 1, 256);
    checkPattern("name", input.Name, NON_EMPTY_NAME);
    checkEnum("mode", input.Mode, ["UNRESTRICTED", "RESTRICTED"]);
    checkLength("metadata", input.Metadata, 0, METADATA_MAX);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireModeratorOrAdmin(access, "UpdateChannel");
    const { channel } = access;
    store.updateChannel(channel.arn, {
      name: input.Name ?? channel.name,
      mode: input.Mode ?? channel.mode,
      metadata: input.Metadata ?? channel.metadata,
      updatedAt: clock.now().getTime(),
    });
    return { ChannelArn: channel.arn };
  };
}
