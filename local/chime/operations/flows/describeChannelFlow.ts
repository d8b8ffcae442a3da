import type { DescribeChannelFlowRequest, DescribeChannelFlowResponse } from "@aws-sdk/client-chime-sdk-messaging";
import type { OperationHandler, Services } from "../../services";
import { channelFlowView, findChannelFlow } from "./channelFlowInput";

/** A developer API (IAM only, on the flow). */
export function describeChannelFlow({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeChannelFlowRequest, DescribeChannelFlowResponse> {
  return (input) => ({ ChannelFlow: channelFlowView(findChannelFlow(store, input.ChannelFlowArn as string)) });
}
