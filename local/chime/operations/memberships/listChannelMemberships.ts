import type {
  ListChannelMembershipsRequest,
  ListChannelMembershipsResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { MembershipType, Page } from "../../../store/store";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import { BadRequestError, ForbiddenError } from "../../errors";
import { isElastic } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/**
 * DEFAULT members unless Type is HIDDEN: hidden members are listed only when asked for (the model:
 * "The default is DEFAULT"). Keyset-paginated on the member ARN.
 *
 * Who may ask for HIDDEN: anyone who may list the channel's members. AWS's reference restricts
 * HIDDEN to moderators only where memberships are made (CreateChannelMembership's Type: "This is only
 * supported by moderators"), and its role table lets every member call ListChannelMemberships without
 * a word on the Type; so no refusal is documented for a member's Type=HIDDEN, and none is made here.
 * The API keeps hidden members to moderators and admins itself (src/graphql/resolvers/members.ts).
 *
 * SubChannelId lists one sub-channel of an elastic channel (its moderators too); without it, an elastic
 * channel lists every member once.
 */
export function listChannelMemberships({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelMembershipsRequest, ListChannelMembershipsResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const { channel } = access;
    const subChannelId = input.SubChannelId;
    if (subChannelId !== undefined && !isElastic(channel)) {
      throw new BadRequestError("SubChannelId applies to elastic channels only.");
    }
    requireCanRead(access, "ListChannelMemberships");
    const type: MembershipType = input.Type ?? "DEFAULT";
    const scope = { operation: "ListChannelMemberships", channel: channel.arn, type, subChannelId, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    if (subChannelId !== undefined && !store.getSubChannel(channel.arn, subChannelId)) {
      throw new ForbiddenError("The sub-channel does not exist in the channel.");
    }
    const page: Page<{ memberArn: string }> =
      subChannelId === undefined
        ? store.listMemberships(channel.arn, type, after, limit)
        : store.listSubChannelMemberships(channel.arn, subChannelId, after, limit);
    return {
      ChannelArn: access.channel.arn,
      ChannelMemberships: page.items.map((m) => ({ Member: identityOf(store, m.memberArn) })),
      NextToken: nextTokenFor(page, scope, (last) => last.memberArn),
    };
  };
}
