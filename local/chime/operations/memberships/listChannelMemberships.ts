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
