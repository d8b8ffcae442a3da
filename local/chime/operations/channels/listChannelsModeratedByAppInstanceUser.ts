import type {
  ListChannelsModeratedByAppInstanceUserRequest,
  ListChannelsModeratedByAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";
import { appInstanceUserInScope } from "./appInstanceUserScope";

/**
 * The channels a user moderates (explicit moderator roles; an admin's implicit moderation of every
 * channel is not listed), PUBLIC and PRIVATE, in channel ARN order.
 */
export function listChannelsModeratedByAppInstanceUser({
  store,
}: Pick<Services, "store">): OperationHandler<
  ListChannelsModeratedByAppInstanceUserRequest,
  ListChannelsModeratedByAppInstanceUserResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const userArn = appInstanceUserInScope(
      store,
      caller,
      input.AppInstanceUserArn,
      "ListChannelsModeratedByAppInstanceUser",
    );

    const tokenScope = { operation: "ListChannelsModeratedByAppInstanceUser", userArn, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, tokenScope, isStringCursor);
    const page = store.listChannelsModeratedBy(userArn, after, limit);
    return {
      Channels: page.items.map((channel) => ({ ChannelSummary: channelSummaryView(channel) })),
      NextToken: nextTokenFor(page, tokenScope, (last) => last.arn),
    };
  };
}
