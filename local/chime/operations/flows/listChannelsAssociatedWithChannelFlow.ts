import type {
  ListChannelsAssociatedWithChannelFlowRequest,
  ListChannelsAssociatedWithChannelFlowResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { keysetPage } from "../../pagination";
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
    const flow = findChannelFlow(store, input.ChannelFlowArn as string);
    const page = keysetPage(
      input,
      { operation: "ListChannelsAssociatedWithChannelFlow", flowArn: flow.arn },
      (after, limit) => store.listChannelsOfFlow(flow.arn, after, limit),
      (last) => last.arn,
    );
    return {
      Channels: page.items.map((channel) => ({
        Name: channel.name,
        ChannelArn: channel.arn,
        Mode: channel.mode,
        Privacy: channel.privacy,
        Metadata: channel.metadata ?? undefined,
      })),
      NextToken: page.NextToken,
    };
  };
}
