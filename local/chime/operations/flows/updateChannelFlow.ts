import type {
  Processor,
  UpdateChannelFlowRequest,
  UpdateChannelFlowResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { OperationHandler, Services } from "../../services";
import { findChannelFlow, storedProcessors } from "./channelFlowInput";

/**
 * A developer API (IAM only, on the flow): the name and the processors, replaced. Messages already in
 * the flow go on with the processors as they are when each next one is invoked.
 */
export function updateChannelFlow({
  store,
  clock,
  config,
}: Pick<Services, "store" | "clock" | "config">): OperationHandler<
  UpdateChannelFlowRequest,
  UpdateChannelFlowResponse
> {
  return (input) => {
    const flow = findChannelFlow(store, input.ChannelFlowArn as string);
    const processors = storedProcessors(input.Processors as Processor[], config.quotas, "BadRequest");
    store.updateChannelFlow(flow.arn, { name: input.Name as string, processors, updatedAt: clock.now().getTime() });
    return { ChannelFlowArn: flow.arn };
  };
}
