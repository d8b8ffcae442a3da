import type { ListChannelsRequest, ListChannelsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { resolveBearer } from "../../access";
import { keysetPage } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";

/**
 * The channels of one privacy (PUBLIC unless asked otherwise) of the bearer's app instance, in ARN
 * order (the service promises no order). Only AppInstanceAdmins may list PRIVATE channels; everybody
 * else uses ListChannelMembershipsForAppInstanceUser for "my channels".
 */
export function listChannels({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelsRequest, ListChannelsResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const appInstanceArn = input.AppInstanceArn as string;
    if (appInstanceArn !== caller.appInstanceArn) {
      throw new ForbiddenError("The bearer does not belong to the app instance.");
    }
    const privacy = input.Privacy ?? "PUBLIC";
    if (privacy === "PRIVATE" && !caller.isAdmin) {
      throw new ForbiddenError("Only AppInstanceAdmins can list PRIVATE channels.");
    }

    const page = keysetPage(
      input,
      { operation: "ListChannels", appInstanceArn, privacy, bearer: caller.arn },
      (after, limit) => store.listChannels(appInstanceArn, privacy, after, limit),
      (last) => last.arn,
    );
    return { Channels: page.items.map(channelSummaryView), NextToken: page.NextToken };
  };
}
