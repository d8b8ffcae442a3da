import type { ListChannelFlowsRequest, ListChannelFlowsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { keysetPage } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { channelFlowSummaryView } from "./channelFlowInput";

/** A developer API (IAM only): the app instance's flows, in ARN order (the model promises no order). */
export function listChannelFlows({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelFlowsRequest, ListChannelFlowsResponse> {
  return (input) => {
    const appInstanceArn = input.AppInstanceArn as string;
    if (!store.getAppInstance(appInstanceArn)) throw new ForbiddenError("The app instance does not exist.");
    const page = keysetPage(
      input,
      { operation: "ListChannelFlows", appInstanceArn },
      (after, limit) => store.listChannelFlows(appInstanceArn, after, limit),
      (last) => last.arn,
    );
    return { ChannelFlows: page.items.map(channelFlowSummaryView), NextToken: page.NextToken };
  };
}
