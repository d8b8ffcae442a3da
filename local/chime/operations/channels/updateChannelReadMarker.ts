import type {
  UpdateChannelReadMarkerRequest,
  UpdateChannelReadMarkerResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireMembership, resolveBearer } from "../../access";
import { rejectOnElastic } from "../../elastic";
import type { OperationHandler, Services } from "../../services";

/**
 * Records "now" as the bearer's read marker in the channel. Any membership will do, hidden ones too;
 * admin or moderator roles without a membership do not (the role table: "must be member"). Elastic
 * channels have no read markers ("Elastic channels don't support ... read message timestamps").
 */
export function updateChannelReadMarker({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  UpdateChannelReadMarkerRequest,
  UpdateChannelReadMarkerResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    rejectOnElastic(access.channel, "read markers");
    requireMembership(access, "UpdateChannelReadMarker");
    store.setReadMarker(access.channel.arn, caller.arn, clock.now().getTime());
    return { ChannelArn: access.channel.arn };
  };
}
