import type {
  DescribeChannelMembershipRequest,
  DescribeChannelMembershipResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { NotFoundError } from "../../errors";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { rejectSubChannel } from "../../unsupported";
import type { OperationHandler, Services } from "../../services";
import { membershipView } from "../../views";

/** Readable by whoever may read the channel's memberships; a DEFAULT or HIDDEN membership alike. */
export function describeChannelMembership({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeChannelMembershipRequest, DescribeChannelMembershipResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    requireCanRead(access, "DescribeChannelMembership");
    const membership = store.getMembership(access.channel.arn, input.MemberArn as string);
    if (!membership) throw new NotFoundError("The user is not a member of the channel.");
    return { ChannelMembership: membershipView(store, membership) };
  };
}
