import type { ListChannelModeratorsRequest, ListChannelModeratorsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireModeratorOrAdmin, resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/** Moderators and admins only; keyset-paginated on the moderator ARN. */
export function listChannelModerators({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelModeratorsRequest, ListChannelModeratorsResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireModeratorOrAdmin(access, "ListChannelModerators");
    const scope = { operation: "ListChannelModerators", channel: access.channel.arn, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    const page = store.listModerators(access.channel.arn, after, limit);
    return {
      ChannelArn: access.channel.arn,
      ChannelModerators: page.items.map((m) => ({ Moderator: identityOf(store, m.moderatorArn) })),
      NextToken: nextTokenFor(page, scope, (last) => last.moderatorArn),
    };
  };
}
