import type { ListChannelBansRequest, ListChannelBansResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/** Moderators and admins only; keyset-paginated on the banned user's ARN. */
export function listChannelBans({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelBansRequest, ListChannelBansResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireModeratorOrAdmin(access, "ListChannelBans");
    const scope = { operation: "ListChannelBans", channel: access.channel.arn, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    const page = store.listBans(access.channel.arn, after, limit);
    return {
      ChannelArn: access.channel.arn,
      ChannelBans: page.items.map((b) => ({ Member: identityOf(store, b.memberArn) })),
      NextToken: nextTokenFor(page, scope, (last) => last.memberArn),
    };
  };
}
