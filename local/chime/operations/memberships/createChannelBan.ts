import type { CreateChannelBanRequest, CreateChannelBanResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ForbiddenError } from "../../errors";
import { isElastic, removeElasticMember } from "../../elastic";
import type { ChannelEvent } from "../../events";
import { moderatorAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { requireAppInstanceUser } from "./memberInput";
import { announceRemoval } from "./membershipEvents";

/**
 * Moderators and admins ban a user of the app instance, member or not. A member is removed at once,
 * in the same transaction, and nobody can add the user again until the ban is deleted.
 * AppInstanceAdmins and the channel's moderators cannot be banned (403). Banning a banned user again
 * succeeds and keeps the first ban's CreatedBy and CreatedTimestamp (not documented by AWS).
 * The model lists no NotFoundException, so a missing channel is a 403. In an elastic channel the ban
 * is channel-wide and removes the member from their sub-channel ("the system removes all the channel
 * memberships for that member"), which may rebalance.
 */
export function createChannelBan({
  store,
  clock,
  events,
}: Pick<Services, "store" | "clock" | "events">): OperationHandler<CreateChannelBanRequest, CreateChannelBanResponse> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "CreateChannelBan");
    const caller = access.caller;
    const memberArn = input.MemberArn as string;
    const channel = access.channel;
    requireAppInstanceUser(store, channel, memberArn);
    const elasticEvents: ChannelEvent[] = [];
    const kicked = store.transaction(() => {
      if (store.getAdmin(channel.appInstanceArn, memberArn) || store.getModerator(channel.arn, memberArn)) {
        throw new ForbiddenError("AppInstanceAdmins and moderators of the channel cannot be banned.");
      }
      store.insertBan({ channelArn: channel.arn, memberArn, createdBy: caller.arn, createdAt: clock.now().getTime() });
      if (isElastic(channel)) {
        elasticEvents.push(...removeElasticMember(store, channel, memberArn));
        return undefined;
      }
      const membership = store.getMembership(channel.arn, memberArn);
      store.deleteMembership(channel.arn, memberArn);
      return membership;
    });
    // A ban that kicks a member reads like a removal to the channel (the reference's inferred reading).
    if (kicked) announceRemoval(events, store, kicked);
    for (const event of elasticEvents) events.publish(event);
    return { ChannelArn: channel.arn, Member: identityOf(store, memberArn) };
  };
}
