import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { batchCreateChannelMembership } from "./batchCreateChannelMembership";
import { createChannelBan } from "./createChannelBan";
import { createChannelMembership } from "./createChannelMembership";
import { createChannelModerator } from "./createChannelModerator";
import { deleteChannelBan } from "./deleteChannelBan";
import { deleteChannelMembership } from "./deleteChannelMembership";
import { deleteChannelModerator } from "./deleteChannelModerator";
import { describeChannelBan } from "./describeChannelBan";
import { describeChannelMembership } from "./describeChannelMembership";
import { describeChannelModerator } from "./describeChannelModerator";
import { listChannelBans } from "./listChannelBans";
import { listChannelMemberships } from "./listChannelMemberships";
import { listChannelModerators } from "./listChannelModerators";

/** ChimeSDKMessaging: channel memberships, moderators and bans. */
export function membershipOperations(services: Services): OperationHandlers {
  return {
    CreateChannelMembership: createChannelMembership(services),
    BatchCreateChannelMembership: batchCreateChannelMembership(services),
    DeleteChannelMembership: deleteChannelMembership(services),
    DescribeChannelMembership: describeChannelMembership(services),
    ListChannelMemberships: listChannelMemberships(services),
    CreateChannelModerator: createChannelModerator(services),
    DeleteChannelModerator: deleteChannelModerator(services),
    DescribeChannelModerator: describeChannelModerator(services),
    ListChannelModerators: listChannelModerators(services),
    CreateChannelBan: createChannelBan(services),
    DeleteChannelBan: deleteChannelBan(services),
    DescribeChannelBan: describeChannelBan(services),
    ListChannelBans: listChannelBans(services),
  };
}
