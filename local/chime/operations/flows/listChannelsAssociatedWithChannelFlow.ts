import type {
  ListChannelsAssociatedWithChannelFlowRequest,
  ListChannelsAssociatedWithChannelFlowResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { findChannelFlow } from "./channelFlowInput";

/** A developer API (IAM only, on the flow): the channels that run the flow, in ARN order. */
export function listChannelsAssociatedWithChannelFlow({
  store,
}: Pick<Services, "store">): OperationHandler<
  ListChannelsAssociatedWithChannelFlowRequest,
  ListChannelsAssociatedWithChannelFlowResponse
> {
  return (input) => {
    const limit = pageSize(input.MaxResults);
    const flow = findChannelFlow(store, input.ChannelFlowArn as string);
    const tokenScope = { operation: "ListChannelsAssociatedWithChannelFlow", flowArn: flow.arn };
    const after = decodeNextToken(input.NextToken, tokenScope, isStringCursor);
    const page = store.listChannelsOfFlow(flow.arn, after, limit);
    return {
      Channels: page.items.map((channel) => ({
        Name: channel.name,
        ChannelArn: channel.arn,
        Mode: channel.mode,
        Privacy: channel.privacy,
        Metadata: channel.metadata ?? undefined,
      })),
      NextToken: nextTokenFor(page, tokenScope, (last) => last.arn),
    };
  };
}
