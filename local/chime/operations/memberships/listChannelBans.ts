import type { ListChannelBansRequest, ListChannelBansResponse } from "@aws-sdk/client-chime-sdk-messaging";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { moderatorsOnlyPage } from "./moderatorsOnlyListing";

/** Moderators and admins only; keyset-paginated on the banned user's ARN. */
export function listChannelBans({
  store,
}: Pick<Services, "store">): OperationHandler<ListChannelBansRequest, ListChannelBansResponse> {
  return (input) => {
    const { channelArn, rows, nextToken } = moderatorsOnlyPage(
      store,
      input,
      "ListChannelBans",
      (channel, after, limit) => store.listBans(channel, after, limit),
      (ban) => ban.memberArn,
    );
    return {
      ChannelArn: channelArn,
      ChannelBans: rows.map((ban) => ({ Member: identityOf(store, ban.memberArn) })),
      NextToken: nextToken,
    };
  };
}
