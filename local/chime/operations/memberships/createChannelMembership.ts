import type {
  CreateChannelMembershipRequest,
  CreateChannelMembershipResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { MembershipType } from "../../../store/store";
import { addMembersAccess } from "../../access";
import { BadRequestError } from "../../errors";
import { isElastic } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { joinElasticChannel } from "./elasticMembership";
import { memberProblem, membershipQuotaProblem, newMembership } from "./memberInput";
import { announceAddition } from "./membershipEvents";

/**
 * Adds a user to a channel as the bearer (InvitedBy). Who may add whom is requireCanAddMembers; the
 * member must be a user of the channel's app instance (else 403) and not banned (403).
 *
 * Adding a user who is already a member: AWS does not document it. Chosen reading: idempotent
 * success (201) that returns the existing membership and changes nothing, neither its Type nor its
 * InvitedBy; a client retrying after a lost response then sees success, not a ConflictException.
 * In an elastic channel the membership is a sub-channel's (elasticMembership.ts), named in the answer.
 */
export function createChannelMembership({
  store,
  clock,
  ids,
  events,
  config,
}: Pick<Services, "store" | "clock" | "ids" | "events" | "config">): OperationHandler<
  CreateChannelMembershipRequest,
  CreateChannelMembershipResponse
> {
  return (input) => {
    const type = input.Type as MembershipType;
    const memberArn = input.MemberArn as string;
    const { caller, channel } = addMembersAccess(store, input, [memberArn], type, "CreateChannelMembership");
    if (isElastic(channel)) {
      const request = {
        channel,
        memberArn,
        type,
        subChannelId: input.SubChannelId,
        invitedBy: caller.arn,
        now: clock.now().getTime(),
      };
      const joined = store.transaction(() => joinElasticChannel(store, ids, config.quotas, request));
      for (const event of joined.events) events.publish(event);
      return { ChannelArn: channel.arn, Member: identityOf(store, memberArn), SubChannelId: joined.subChannelId };
    }
    if (input.SubChannelId !== undefined) throw new BadRequestError("SubChannelId applies to elastic channels only.");
    const membership = newMembership(channel.arn, memberArn, type, caller.arn, clock.now().getTime());
    const added = store.transaction(() => {
      const problem =
        memberProblem(store, channel, memberArn) ?? membershipQuotaProblem(store, config.quotas, channel, memberArn);
      if (problem) throw problem;
      // INSERT OR IGNORE: an existing membership is left exactly as it is.
      return store.insertMembership(membership);
    });
    if (added) announceAddition(events, store, membership);
    return { ChannelArn: channel.arn, Member: identityOf(store, memberArn) };
  };
}
