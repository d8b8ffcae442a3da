import type {
  DescribeChannelMembershipForAppInstanceUserRequest,
  DescribeChannelMembershipForAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { channelAccess } from "../../access";
import { subChannelOf } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";
import { callerAndUserInScope } from "./appInstanceUserScope";

/**
 * One user's membership of one channel, as the user sees it: the channel's summary and the user's
 * membership type and read marker. The bearer asks about itself, or an AppInstanceAdmin about any
 * user. The model lists no NotFoundException, so a missing channel and a user who is not a member
 * (hidden memberships count as memberships) are both read as ForbiddenException.
 */
export function describeChannelMembershipForAppInstanceUser({
  store,
}: Pick<Services, "store">): OperationHandler<
  DescribeChannelMembershipForAppInstanceUserRequest,
  DescribeChannelMembershipForAppInstanceUserResponse
> {
  return (input) => {
    const { caller, userArn } = callerAndUserInScope(store, input, "DescribeChannelMembershipForAppInstanceUser");
    const { channel } = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const membership = store.getMembership(channel.arn, userArn);
    if (!membership) throw new ForbiddenError("The AppInstanceUser is not a member of the channel.");
    return {
      ChannelMembership: {
        ChannelSummary: channelSummaryView(channel),
        AppInstanceUserMembershipSummary: {
          Type: membership.type,
          ReadMarkerTimestamp: membership.readMarkerAt === null ? undefined : new Date(membership.readMarkerAt),
          SubChannelId: subChannelOf(store, channel, userArn),
        },
      },
    };
  };
}
