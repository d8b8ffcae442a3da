import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { associateChannelFlow } from "./associateChannelFlow";
import { channelFlowCallback } from "./channelFlowCallback";
import { createChannelFlow } from "./createChannelFlow";
import { deleteChannelFlow } from "./deleteChannelFlow";
import { describeChannelFlow } from "./describeChannelFlow";
import { disassociateChannelFlow } from "./disassociateChannelFlow";
import { listChannelFlows } from "./listChannelFlows";
import { listChannelsAssociatedWithChannelFlow } from "./listChannelsAssociatedWithChannelFlow";
import { updateChannelFlow } from "./updateChannelFlow";

/** ChimeSDKMessaging: channel flows, their channels, and their processors' callbacks. */
export function channelFlowOperations(services: Services): OperationHandlers {
  return {
    CreateChannelFlow: createChannelFlow(services),
    DescribeChannelFlow: describeChannelFlow(services),
    UpdateChannelFlow: updateChannelFlow(services),
    DeleteChannelFlow: deleteChannelFlow(services),
    ListChannelFlows: listChannelFlows(services),
    AssociateChannelFlow: associateChannelFlow(services),
    DisassociateChannelFlow: disassociateChannelFlow(services),
    ListChannelsAssociatedWithChannelFlow: listChannelsAssociatedWithChannelFlow(services),
    ChannelFlowCallback: channelFlowCallback(services),
  };
}
