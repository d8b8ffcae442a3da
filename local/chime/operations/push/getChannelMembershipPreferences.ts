import type {
  GetChannelMembershipPreferencesRequest,
  GetChannelMembershipPreferencesResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { preferencesView } from "../../push/views";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { ownMembership } from "./ownMembership";

export function getChannelMembershipPreferences({
  store,
}: Pick<Services, "store">): OperationHandler<
  GetChannelMembershipPreferencesRequest,
  GetChannelMembershipPreferencesResponse
> {
  return (input) => {
    const { channel, caller } = ownMembership(store, input, "GetChannelMembershipPreferences");
    return {
      ChannelArn: channel.arn,
      Member: identityOf(store, caller.arn),
      Preferences: preferencesView(store.getPreferences(channel.arn, caller.arn)),
    };
  };
}
