import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { createChannel } from "./createChannel";
import { deleteChannel } from "./deleteChannel";
import { describeChannel } from "./describeChannel";
import { describeChannelMembershipForAppInstanceUser } from "./describeChannelMembershipForAppInstanceUser";
import { getMessagingSessionEndpoint } from "./getMessagingSessionEndpoint";
import { listChannelMembershipsForAppInstanceUser } from "./listChannelMembershipsForAppInstanceUser";
import { listChannels } from "./listChannels";
import { listChannelsModeratedByAppInstanceUser } from "./listChannelsModeratedByAppInstanceUser";
import { updateChannel } from "./updateChannel";
import { updateChannelReadMarker } from "./updateChannelReadMarker";

/** ChimeSDKMessaging: channels, the per-user channel views, read markers and the session endpoint. */
export function channelOperations(services: Services): OperationHandlers {
  return {
    CreateChannel: createChannel(services),
    DescribeChannel: describeChannel(services),
    ListChannels: listChannels(services),
    UpdateChannel: updateChannel(services),
    DeleteChannel: deleteChannel(services),
    ListChannelMembershipsForAppInstanceUser: listChannelMembershipsForAppInstanceUser(services),
    DescribeChannelMembershipForAppInstanceUser: describeChannelMembershipForAppInstanceUser(services),
    ListChannelsModeratedByAppInstanceUser: listChannelsModeratedByAppInstanceUser(services),
    UpdateChannelReadMarker: updateChannelReadMarker(services),
    GetMessagingSessionEndpoint: getMessagingSessionEndpoint(services),
  };
}
