import type {
  DescribeChannelModeratorRequest,
  DescribeChannelModeratorResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { NotFoundError } from "../../errors";
import { moderatorAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/** Moderators and admins only; a user who is not a moderator of the channel is a NotFoundException. */
export function describeChannelModerator({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeChannelModeratorRequest, DescribeChannelModeratorResponse> {
  return (input) => {
    const access = moderatorAccess(store, input, "NotFound", "DescribeChannelModerator");
    const moderator = store.getModerator(access.channel.arn, input.ChannelModeratorArn as string);
    if (!moderator) throw new NotFoundError("The user is not a moderator of the channel.");
    return {
      ChannelModerator: {
        Moderator: identityOf(store, moderator.moderatorArn),
        ChannelArn: moderator.channelArn,
        CreatedTimestamp: new Date(moderator.createdAt),
        CreatedBy: identityOf(store, moderator.createdBy),
      },
    };
  };
}
