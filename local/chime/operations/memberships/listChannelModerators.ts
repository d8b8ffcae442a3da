import type { ListChannelModeratorsRequest, ListChannelModeratorsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { moderatorsOnlyPage } from "./moderatorsOnlyListing";

/** Moderators and admins only; keyset-paginated on the moderator ARN. */
export function listChannelModerators({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelModeratorsRequest, ListChannelModeratorsResponse> {
  return (input) => {
    const { channelArn, rows, nextToken } = moderatorsOnlyPage(
      store,
      input,
      "ListChannelModerators",
      (channel, after, limit) => store.listModerators(channel, after, limit),
      (moderator) => moderator.moderatorArn,
    );
    return {
      ChannelArn: channelArn,
      ChannelModerators: rows.map((moderator) => ({ Moderator: identityOf(store, moderator.moderatorArn) })),
      NextToken: nextToken,
    };
  };
}
