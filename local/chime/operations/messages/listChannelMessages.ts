import type { ListChannelMessagesRequest, ListChannelMessagesResponse } from "@aws-sdk/client-chime-sdk-messaging";
import type { MessageCursor } from "../../../store/store";
import { channelAccess, requireCanRead, resolveBearer } from "../../access";
import { decodeNextToken, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { messageSubChannel, requireCanReadSubChannel } from "../../elastic";
import { retentionCutoff } from "../../retention";
import { messageSummaryView } from "../../views";

const isMessageCursor = (value: unknown): value is MessageCursor =>
  typeof value === "object" &&
  value !== null &&
  Number.isInteger((value as MessageCursor).createdAt) &&
  Number.isInteger((value as MessageCursor).seq);

/**
 * Newest first unless SortOrder is ASCENDING. NotBefore and NotAfter bound CreatedTimestamp and are both
 * read as inclusive (the model does not say). Deleted and NON_PERSISTENT messages are absent, redacted
 * ones present, targeted ones listed only for their sender and target. An elastic channel's messages
 * are listed one sub-channel at a time. Messages past the app instance's retention period are left
 * out by a time bound of the same index range, so retention costs a page nothing.
 */
export function listChannelMessages({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<ListChannelMessagesRequest, ListChannelMessagesResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
    const subChannelId = messageSubChannel(store, access.channel, input.SubChannelId);
    requireCanRead(access, "ListChannelMessages");
    requireCanReadSubChannel(store, access, subChannelId, "ListChannelMessages");

    const query = {
      channelArn: access.channel.arn,
      order: input.SortOrder ?? "DESCENDING",
      notBefore: input.NotBefore?.getTime(),
      notAfter: input.NotAfter?.getTime(),
      viewerArn: caller.arn,
      subChannelId,
    };
    const tokenScope = { operation: "ListChannelMessages", ...query };
    const after = decodeNextToken(input.NextToken, tokenScope, isMessageCursor);
    // The retention bound moves with the clock, so it is not part of the token's query.
    const cutoff = retentionCutoff(store, caller.appInstanceArn, clock.now().getTime());
    const notBefore = cutoff === undefined ? query.notBefore : Math.max(cutoff, query.notBefore ?? cutoff);
    const page = store.listMessages({ ...query, notBefore, after, limit });
    return {
      ChannelArn: access.channel.arn,
      SubChannelId: subChannelId,
      ChannelMessages: page.items.map(messageSummaryView),
      NextToken: nextTokenFor(page, tokenScope, (last): MessageCursor => ({
        createdAt: last.createdAt,
        seq: last.seq,
      })),
    };
  };
}
