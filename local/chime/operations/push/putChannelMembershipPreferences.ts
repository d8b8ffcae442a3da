import type {
  PutChannelMembershipPreferencesRequest,
  PutChannelMembershipPreferencesResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../errors";
import { parseFilterRule } from "../../push/filterRule";
import { preferencesView } from "../../push/views";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import type { AllowNotifications } from "../../../store/store";
import { ownMembership } from "./ownMembership";

/**
 * Sets the caller's push preferences in one channel. A FilterRule is checked against the documented
 * limits (push/filterRule.ts) whenever one is given, and FILTERED needs one (_reading_: "FILTERED sends
 * only filtered push notifications", which means nothing without a rule). Preferences without
 * PushNotifications go back to the default (ALL).
 */
export function putChannelMembershipPreferences({
  store,
}: Pick<Services, "store">): OperationHandler<
  PutChannelMembershipPreferencesRequest,
  PutChannelMembershipPreferencesResponse
> {
  return (input) => {
    const { channel, caller } = ownMembership(store, input, "PutChannelMembershipPreferences");
    const push = input.Preferences?.PushNotifications;
    if (push?.FilterRule !== undefined) parseFilterRule(push.FilterRule);
    if (push?.AllowNotifications === "FILTERED" && push.FilterRule === undefined) {
      throw new BadRequestError("AllowNotifications FILTERED needs a FilterRule.");
    }
    if (push) {
      store.putPreferences({
        channelArn: channel.arn,
        memberArn: caller.arn,
        allowNotifications: push.AllowNotifications as AllowNotifications,
        filterRule: push.FilterRule ?? null,
      });
    } else {
      store.deletePreferences(channel.arn, caller.arn);
    }
    return {
      ChannelArn: channel.arn,
      Member: identityOf(store, caller.arn),
      Preferences: preferencesView(store.getPreferences(channel.arn, caller.arn)),
    };
  };
}
