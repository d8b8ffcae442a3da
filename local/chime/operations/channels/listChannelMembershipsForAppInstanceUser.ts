import type {
  ListChannelMembershipsForAppInstanceUserRequest,
  ListChannelMembershipsForAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { nextTokenFor } from "../../pagination";
import { subChannelOf } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";
import { userChannelsPageRequest } from "./appInstanceUserScope";

/**
 * The channels a user belongs to, PUBLIC and PRIVATE, DEFAULT and HIDDEN memberships alike (the model
 * filters neither), with the user's membership type and read marker, in channel ARN order.
 */
export function listChannelMembershipsForAppInstanceUser({
  store,
}: Pick<Services, "store">): OperationHandler<
  ListChannelMembershipsForAppInstanceUserRequest,
  ListChannelMembershipsForAppInstanceUserResponse
> {
  return (input) => {
    const { userArn, limit, after, tokenScope } = userChannelsPageRequest(
      store,
      input,
      "ListChannelMembershipsForAppInstanceUser",
    );
    const page = store.listMembershipsOfUser(userArn, after, limit);
    return {
      ChannelMemberships: page.items.map((membership) => ({
        ChannelSummary: channelSummaryView(membership.channel),
        AppInstanceUserMembershipSummary: {
          Type: membership.type,
          ReadMarkerTimestamp: membership.readMarkerAt === null ? undefined : new Date(membership.readMarkerAt),
          SubChannelId: subChannelOf(store, membership.channel, userArn),
        },
      })),
      NextToken: nextTokenFor(page, tokenScope, (last) => last.channelArn),
    };
  };
}
