import { channelAccess, requireMembership, resolveBearer, type ChannelAccess } from "../../access";
import { rejectOnElastic } from "../../elastic";
import { ForbiddenError } from "../../errors";
import type { Store } from "../../../store/store";

/**
 * Membership preferences are the member's own: "The user or bot must be a member of the channel. Only the
 * user or bot who owns the membership can set preferences. Users or bots in the AppInstanceAdmin and
 * channel moderator roles can't set preferences for other users. Banned users or bots can't set
 * membership preferences for the channel from which they are banned" (the model, for Get as for Put).
 * A ban removes the membership, so a banned user is refused as a non-member. NotFoundException is not
 * modeled: an unknown channel is a 403. Elastic channels have none, whoever asks ("Elastic channels don't
 * support hidden memberships, membership preferences, and read message timestamps"): a
 * BadRequestException, as for their read markers.
 */
export function ownMembership(
  store: Pick<Store, "getBearer" | "getChannelAccess">,
  input: { ChimeBearer?: string; ChannelArn?: string; MemberArn?: string },
  action: string,
): ChannelAccess {
  const caller = resolveBearer(store, input.ChimeBearer);
  const access = channelAccess(store, caller, input.ChannelArn as string, "Forbidden");
  rejectOnElastic(access.channel, "membership preferences");
  if (input.MemberArn !== caller.arn) {
    throw new ForbiddenError(`Only the member who owns the membership may call ${action} for it.`);
  }
  requireMembership(access, action);
  return access;
}
