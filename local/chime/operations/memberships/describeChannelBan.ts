import type { DescribeChannelBanRequest, DescribeChannelBanResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { NotFoundError } from "../../errors";
import { moderatorAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/** Moderators and admins only; a user who is not banned from the channel is a NotFoundException. */
export function describeChannelBan({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeChannelBanRequest, DescribeChannelBanResponse> {
  return (input) => {
    const access = moderatorAccess(store, input, "NotFound", "DescribeChannelBan");
    const ban = store.getBan(access.channel.arn, input.MemberArn as string);
    if (!ban) throw new NotFoundError("The user is not banned from the channel.");
    return {
      ChannelBan: {
        Member: identityOf(store, ban.memberArn),
        ChannelArn: ban.channelArn,
        CreatedTimestamp: new Date(ban.createdAt),
        CreatedBy: identityOf(store, ban.createdBy),
      },
    };
  };
}
