import type {
  ListChannelsModeratedByAppInstanceUserRequest,
  ListChannelsModeratedByAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { nextTokenFor } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";
import { userChannelsPageRequest } from "./appInstanceUserScope";

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
    const { userArn, limit, after, tokenScope } = userChannelsPageRequest(
      store,
      input,
      "ListChannelsModeratedByAppInstanceUser",
    );
    const page = store.listChannelsModeratedBy(userArn, after, limit);
    return {
      Channels: page.items.map((channel) => ({ ChannelSummary: channelSummaryView(channel) })),
      NextToken: nextTokenFor(page, tokenScope, (last) => last.arn),
    };
  };
}
