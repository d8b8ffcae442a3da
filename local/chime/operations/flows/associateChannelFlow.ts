import type { AssociateChannelFlowRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import { ConflictError, NotFoundError } from "../../errors";
import type { OperationHandler, Services } from "../../services";

/**
 * "Only administrators or channel moderators can associate a channel flow", and "a maximum of 1 channel
 * flow with a channel at any given time" (DG "Associating and disassociating channel flows"): another
 * flow already there is ConflictException; the same one again changes nothing (_reading_). A channel or
 * flow that does not exist (or is of another app instance) is NotFoundException, which the model lists.
 * From then on the channel's STANDARD messages go through the flow.
 */
export function associateChannelFlow({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<AssociateChannelFlowRequest, void> {
  return (input) => {
    const access = moderatorAccess(store, input, "NotFound", "AssociateChannelFlow");
    const flow = store.getChannelFlow(input.ChannelFlowArn as string);
    if (!flow || flow.appInstanceArn !== access.channel.appInstanceArn) {
      throw new NotFoundError("The channel flow does not exist.");
    }
    store.transaction(() => {
      const current = store.getChannelFlowArn(access.channel.arn);
      if (current === flow.arn) return;
      if (current !== undefined) {
        throw new ConflictError("The channel is associated with another channel flow; disassociate it first.");
      }
      store.associateChannelFlow(access.channel.arn, flow.arn, clock.now().getTime());
    });
  };
}
