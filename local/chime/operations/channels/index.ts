import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { createChannel } from "./createChannel";
import { deleteChannel } from "./deleteChannel";
import { describeChannel } from "./describeChannel";
import { describeChannelMembershipForAppInstanceUser } from "./describeChannelMembershipForAppInstanceUser";
import { describeChannelModeratedByAppInstanceUser } from "./describeChannelModeratedByAppInstanceUser";
import { getMessagingSessionEndpoint } from "./getMessagingSessionEndpoint";
import { listChannelMembershipsForAppInstanceUser } from "./listChannelMembershipsForAppInstanceUser";
import { listChannels } from "./listChannels";
import { listChannelsModeratedByAppInstanceUser } from "./listChannelsModeratedByAppInstanceUser";
import { listSubChannels } from "./listSubChannels";
import { putChannelExpirationSettings } from "./putChannelExpirationSettings";
import { searchChannels } from "./searchChannels";
import { updateChannel } from "./updateChannel";
import { updateChannelReadMarker } from "./updateChannelReadMarker";

/**
 * ChimeSDKMessaging: channels, the per-user channel views, read markers, the session endpoint, search,
 * expiration settings and elastic channels' sub-channels.
 */
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
    SearchChannels: searchChannels(services),
    PutChannelExpirationSettings: putChannelExpirationSettings(services),
    DescribeChannelModeratedByAppInstanceUser: describeChannelModeratedByAppInstanceUser(services),
    ListSubChannels: listSubChannels(services),
  };
}
