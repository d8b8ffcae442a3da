import type {
  DescribeChannelMembershipRequest,
  DescribeChannelMembershipResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError, NotFoundError } from "../../errors";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { isElastic, subChannelOf } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { membershipView } from "../../views";

/**
 * Readable by whoever may read the channel's memberships; a DEFAULT or HIDDEN membership alike. In an
 * elastic channel the membership names its sub-channel: the one given (where the member must be), else
 * the member's own (a moderator's first).
 */
export function describeChannelMembership({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeChannelMembershipRequest, DescribeChannelMembershipResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    const { channel } = access;
    if (!isElastic(channel) && input.SubChannelId !== undefined) {
      throw new BadRequestError("SubChannelId applies to elastic channels only.");
    }
    requireCanRead(access, "DescribeChannelMembership");
    const memberArn = input.MemberArn as string;
    const membership = store.getMembership(channel.arn, memberArn);
    const subChannelId = input.SubChannelId ?? subChannelOf(store, channel, memberArn);
    const inSubChannel =
      input.SubChannelId === undefined || store.getSubChannelMembership(channel.arn, input.SubChannelId, memberArn);
    if (!membership || !inSubChannel) throw new NotFoundError("The user is not a member of the channel.");
    return { ChannelMembership: membershipView(store, membership, subChannelId) };
  };
}
