import type {
  CreateChannelFlowRequest,
  CreateChannelFlowResponse,
  Processor,
} from "@aws-sdk/client-chime-sdk-messaging";
import { channelFlowArn } from "../../arns";
import { ForbiddenError } from "../../errors";
import { idempotent } from "../../idempotency";
import type { OperationHandler, Services } from "../../services";
import { storedProcessors } from "./channelFlowInput";

/**
 * A developer API (no bearer, IAM only, on the app instance): a flow of up to `processorsPerChannelFlow`
 * Lambda processors. The function ARNs are not checked here: a processor that cannot be invoked fails
 * when a message comes (its FallbackAction), as on AWS, where the function's resource policy decides
 * then. An app instance that does not exist is ForbiddenException (no NotFound in the model).
 */
export function createChannelFlow({
  store,
  clock,
  ids,
  config,
}: Pick<Services, "store" | "clock" | "ids" | "config">): OperationHandler<
  CreateChannelFlowRequest,
  CreateChannelFlowResponse
> {
  return (input) => {
    const appInstanceArn = input.AppInstanceArn as string;
    if (!store.getAppInstance(appInstanceArn)) throw new ForbiddenError("The app instance does not exist.");
    const processors = storedProcessors(input.Processors as Processor[], config.quotas, "ResourceLimitExceeded");
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(store, `CreateChannelFlow ${appInstanceArn}`, ClientRequestToken as string, parameters, () => {
      const arn = channelFlowArn(appInstanceArn, ids.next());
      const now = clock.now().getTime();
      store.insertChannelFlow({
        arn,
        appInstanceArn,
        name: input.Name as string,
        processors,
        createdAt: now,
        updatedAt: now,
      });
      if (input.Tags) store.putTags(arn, input.Tags);
      return { ChannelFlowArn: arn };
    });
  };
}
