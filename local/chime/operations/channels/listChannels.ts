import type { ListChannelsRequest, ListChannelsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
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
    const limit = pageSize(input.MaxResults);
    const appInstanceArn = input.AppInstanceArn as string;
    if (appInstanceArn !== caller.appInstanceArn) {
      throw new ForbiddenError("The bearer does not belong to the app instance.");
    }
    const privacy = input.Privacy ?? "PUBLIC";
    if (privacy === "PRIVATE" && !caller.isAdmin) {
      throw new ForbiddenError("Only AppInstanceAdmins can list PRIVATE channels.");
    }

    const tokenScope = { operation: "ListChannels", appInstanceArn, privacy, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, tokenScope, isStringCursor);
    const page = store.listChannels(appInstanceArn, privacy, after, limit);
    return {
      Channels: page.items.map(channelSummaryView),
      NextToken: nextTokenFor(page, tokenScope, (last) => last.arn),
    };
  };
}
