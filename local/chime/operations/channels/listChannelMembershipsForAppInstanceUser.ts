import type {
  ListChannelMembershipsForAppInstanceUserRequest,
  ListChannelMembershipsForAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import { subChannelOf } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";
import { appInstanceUserInScope } from "./appInstanceUserScope";

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
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const userArn = appInstanceUserInScope(
      store,
      caller,
      input.AppInstanceUserArn,
      "ListChannelMembershipsForAppInstanceUser",
    );

    const tokenScope = { operation: "ListChannelMembershipsForAppInstanceUser", userArn, bearer: caller.arn };
    const after = decodeNextToken(input.NextToken, tokenScope, isStringCursor);
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
