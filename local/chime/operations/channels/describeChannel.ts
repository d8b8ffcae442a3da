import type { DescribeChannelRequest, DescribeChannelResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanDescribeChannel, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { channelView } from "../../views";

/**
 * Admins, members (hidden ones too) and, for PUBLIC channels, every user of the app instance. A channel
 * that does not exist is ForbiddenException: the model lists no NotFoundException for this operation.
 */
export function describeChannel({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeChannelRequest, DescribeChannelResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireCanDescribeChannel(access, "DescribeChannel");
    return { Channel: channelView(store, access.channel) };
  };
}
