import type { ListSubChannelsRequest, ListSubChannelsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../errors";
import { moderatorAccess } from "../../access";
import { isElastic } from "../../elastic";
import { decodeNextToken, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";

const isSeqCursor = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * The sub-channels of an elastic channel, oldest first, each with its MembershipCount: every
 * membership of the sub-channel, its moderators' too (_reading_: "the number of members in each").
 * "Available only to the app instance admins and channel moderators of elastic channels"; on an
 * ordinary channel it is a BadRequestException (_reading_: it has no sub-channels to list).
 */
export function listSubChannels({
  store,
}: Pick<Services, "store">): OperationHandler<ListSubChannelsRequest, ListSubChannelsResponse> {
  return (input) => {
    const limit = pageSize(input.MaxResults);
    const access = moderatorAccess(store, input, "Forbidden", "ListSubChannels");
    const caller = access.caller;
    const { channel } = access;
    if (!isElastic(channel)) throw new BadRequestError("The channel is not an elastic channel.");
    const scope = { operation: "ListSubChannels", channel: channel.arn, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, scope, isSeqCursor);
    const page = store.pageSubChannels(channel.arn, after, limit);
    return {
      ChannelArn: channel.arn,
      SubChannels: page.items.map((sub) => ({ SubChannelId: sub.subChannelId, MembershipCount: sub.membershipCount })),
      NextToken: nextTokenFor(page, scope, (last) => last.seq),
    };
  };
}
