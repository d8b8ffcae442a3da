import type {
  ListChannelMembershipsRequest,
  ListChannelMembershipsResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { checkEnum } from "../../validate";
import { identityOf } from "../../views";
import { rejectSubChannel } from "../messages/messageInput";

/** DEFAULT members unless Type is HIDDEN: hidden members are listed only when asked for. */
export function listChannelMemberships({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelMembershipsRequest, ListChannelMembershipsResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkEnum("type", input.Type, ["DEFAULT", "HIDDEN"]);
    const limit = pageSize(input.MaxResults);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireCanRead(access, "ListChannelMemberships");
    const type = input.Type ?? "DEFAULT";
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
