import type {
  CreateChannelModeratorRequest,
  CreateChannelModeratorResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ConflictError } from "../../errors";
import { moderatorAccess } from "../../access";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { isElastic, removeElasticMember } from "../../elastic";
import type { ChannelEvent } from "../../events";
import { requireAppInstanceUser } from "./memberInput";

/**
 * Moderators and admins promote a user of the app instance (else 403); the moderator need not be a
 * member. A banned user cannot be promoted: ConflictException, since a ban and the moderator role
 * exclude each other (moderators cannot be banned). Promoting a user who already is a moderator is
 * an idempotent success that keeps the original CreatedBy and CreatedTimestamp (not documented by AWS).
 * The model lists no NotFoundException, so a missing channel is a 403. In an elastic channel a member
 * promoted loses their membership ("the system removes all existing channel memberships for that
 * member"); as a moderator they join sub-channels by name.
 */
export function createChannelModerator({
  store,
  clock,
  events,
  config,
}: Pick<Services, "store" | "clock" | "events" | "config">): OperationHandler<
  CreateChannelModeratorRequest,
  CreateChannelModeratorResponse
> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "CreateChannelModerator");
    const caller = access.caller;
    const moderatorArn = input.ChannelModeratorArn as string;
    const channel = access.channel;
    requireAppInstanceUser(store, channel, moderatorArn);
    const elasticEvents: ChannelEvent[] = [];
    store.transaction(() => {
      if (store.getBan(channel.arn, moderatorArn)) {
        throw new ConflictError("A banned user cannot be a moderator of the channel.");
      }
      if (!store.getModerator(channel.arn, moderatorArn)) {
        requireWithinQuota(config.quotas, "moderatorsPerChannel", store.countModerators(channel.arn));
        if (isElastic(channel)) elasticEvents.push(...removeElasticMember(store, channel, moderatorArn));
      }
      store.insertModerator({
        channelArn: channel.arn,
        moderatorArn,
        createdBy: caller.arn,
        createdAt: clock.now().getTime(),
      });
    });
    for (const event of elasticEvents) events.publish(event);
    return { ChannelArn: channel.arn, ChannelModerator: identityOf(store, moderatorArn) };
  };
}
