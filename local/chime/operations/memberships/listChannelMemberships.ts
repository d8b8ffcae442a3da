import type {
  ListChannelMembershipsRequest,
  ListChannelMembershipsResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { MembershipType } from "../../../store/store";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { rejectSubChannel } from "../../unsupported";
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
 */
export function listChannelMemberships({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelMembershipsRequest, ListChannelMembershipsResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireCanRead(access, "ListChannelMemberships");
    const type: MembershipType = input.Type ?? "DEFAULT";
    const scope = { operation: "ListChannelMemberships", channel: access.channel.arn, type, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    const page = store.listMemberships(access.channel.arn, type, after, limit);
    return {
      ChannelArn: access.channel.arn,
      ChannelMemberships: page.items.map((m) => ({ Member: identityOf(store, m.memberArn) })),
      NextToken: nextTokenFor(page, scope, (last) => last.memberArn),
    };
  };
}
