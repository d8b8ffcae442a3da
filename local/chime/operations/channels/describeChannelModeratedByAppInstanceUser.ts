import type {
  DescribeChannelModeratedByAppInstanceUserRequest,
  DescribeChannelModeratedByAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { channelAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";
import { callerAndUserInScope } from "./appInstanceUserScope";

/**
 * One channel a user moderates, as ListChannelsModeratedByAppInstanceUser lists it (an explicit
 * moderator role; an admin's implicit moderation is not one). The bearer asks about itself, an
 * AppInstanceAdmin about any user (the role table). The model lists no NotFoundException: a missing
 * channel, or one the user does not moderate, is a ForbiddenException.
 */
export function describeChannelModeratedByAppInstanceUser({
  store,
}: Pick<Services, "store">): OperationHandler<
  DescribeChannelModeratedByAppInstanceUserRequest,
  DescribeChannelModeratedByAppInstanceUserResponse
> {
  return (input) => {
    const { caller, userArn } = callerAndUserInScope(store, input, "DescribeChannelModeratedByAppInstanceUser");
    const { channel } = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    if (!store.getModerator(channel.arn, userArn)) {
      throw new ForbiddenError("The AppInstanceUser is not a moderator of the channel.");
    }
    return { Channel: { ChannelSummary: channelSummaryView(channel) } };
  };
}
