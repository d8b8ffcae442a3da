import type { DeleteChannelFlowRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { ConflictError } from "../../errors";
import type { OperationHandler, Services } from "../../services";
import { findChannelFlow } from "./channelFlowInput";

/**
 * A developer API (IAM only, on the flow). "This API works only when the channel flow is not
 * associated with any channel": ConflictException while it is. Its tags go with it.
 */
export function deleteChannelFlow({
  store,
}: Pick<Services, "store">): OperationHandler<DeleteChannelFlowRequest, void> {
  return (input) => {
    const flow = findChannelFlow(store, input.ChannelFlowArn as string);
    if (store.countChannelsOfFlow(flow.arn) > 0) {
      throw new ConflictError("The channel flow is associated with channels; disassociate them first.");
    }
    store.transaction(() => {
      store.deleteChannelFlow(flow.arn);
      store.deleteTags(flow.arn);
    });
  };
}
