import type { ListChannelFlowsRequest, ListChannelFlowsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { channelFlowSummaryView } from "./channelFlowInput";

/** A developer API (IAM only): the app instance's flows, in ARN order (the model promises no order). */
export function listChannelFlows({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelFlowsRequest, ListChannelFlowsResponse> {
  return (input) => {
    const appInstanceArn = input.AppInstanceArn as string;
    const limit = pageSize(input.MaxResults);
    if (!store.getAppInstance(appInstanceArn)) throw new ForbiddenError("The app instance does not exist.");
    const tokenScope = { operation: "ListChannelFlows", appInstanceArn };
    const after = decodeNextToken(input.NextToken, tokenScope, isStringCursor);
    const page = store.listChannelFlows(appInstanceArn, after, limit);
    return {
      ChannelFlows: page.items.map(channelFlowSummaryView),
      NextToken: nextTokenFor(page, tokenScope, (last) => last.arn),
    };
  };
}
