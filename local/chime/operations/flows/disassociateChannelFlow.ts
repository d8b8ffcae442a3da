import type { DisassociateChannelFlowRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import { NotFoundError } from "../../errors";
import type { OperationHandler, Services } from "../../services";

/**
 * "Only administrators or channel moderators can disassociate a channel flow." A channel that does not
 * run the named flow is NotFoundException (the model lists it). Messages the flow is processing go on
 * to its callbacks (_reading_); new ones are sent at once.
 */
export function disassociateChannelFlow({
  store,
}: Pick<Services, "store">): OperationHandler<DisassociateChannelFlowRequest, void> {
  return (input) => {
    const access = moderatorAccess(store, input, "NotFound", "DisassociateChannelFlow");
    if (store.getChannelFlowArn(access.channel.arn) !== input.ChannelFlowArn) {
      throw new NotFoundError("The channel flow is not associated with the channel.");
    }
    store.disassociateChannelFlow(access.channel.arn);
  };
}
