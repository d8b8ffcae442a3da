import type { ListChannelMessagesRequest, ListChannelMessagesResponse } from "@aws-sdk/client-chime-sdk-messaging";
import type { MessageCursor } from "../../../store/store";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { decodeNextToken, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { rejectSubChannel } from "../../unsupported";
import { messageSummaryView } from "../../views";

const isMessageCursor = (value: unknown): value is MessageCursor =>
  typeof value === "object" &&
  value !== null &&
  Number.isInteger((value as MessageCursor).createdAt) &&
  Number.isInteger((value as MessageCursor).seq);

/**
 * Newest first unless SortOrder is ASCENDING. NotBefore and NotAfter bound CreatedTimestamp and are both
 * read as inclusive (the model does not say). Deleted and NON_PERSISTENT messages are absent, redacted
 * ones present, targeted ones listed only for their sender and target.
 */
export function listChannelMessages({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelMessagesRequest, ListChannelMessagesResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    requireCanRead(access, "ListChannelMessages");

    const query = {
      channelArn: access.channel.arn,
      order: input.SortOrder ?? "DESCENDING",
      notBefore: input.NotBefore?.getTime(),
      notAfter: input.NotAfter?.getTime(),
      viewerArn: caller.arn,
    };
    const tokenScope = { operation: "ListChannelMessages", ...query };
    const after = decodeNextToken(input.NextToken, tokenScope, isMessageCursor);
    const page = store.listMessages({ ...query, after, limit });
    return {
      ChannelArn: access.channel.arn,
      ChannelMessages: page.items.map(messageSummaryView),
      NextToken: nextTokenFor(page, tokenScope, (last): MessageCursor => ({
        createdAt: last.createdAt,
        seq: last.seq,
      })),
    };
  };
}
