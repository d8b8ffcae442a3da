import type { DeleteChannelModeratorRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { moderatorAccess } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { isElastic, removeElasticMember } from "../../elastic";

/**
 * Moderators and admins demote any moderator, themselves included. Demoting a user who is not a
 * moderator is a 204 that changes nothing (NotFoundException is not modeled for this operation).
 * A membership the moderator holds is kept, but in an elastic channel, where a moderator's sub-channel
 * memberships are a moderator's, they go with the role ("The same happens when you demote a moderator").
 */
export function deleteChannelModerator({
  store,
  events,
}: Pick<Services, "store" | "events">): OperationHandler<DeleteChannelModeratorRequest, void> {
  return (input) => {
    const access = moderatorAccess(store, input, "Forbidden", "DeleteChannelModerator");
    const { channel } = access;
    const moderatorArn = input.ChannelModeratorArn as string;
    const removed = store.transaction(() => {
      const demoted = store.deleteModerator(channel.arn, moderatorArn);
      return demoted && isElastic(channel) ? removeElasticMember(store, channel, moderatorArn) : [];
    });
    for (const event of removed) events.publish(event);
  };
}
