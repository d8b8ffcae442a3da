import type {
  BatchCreateChannelMembershipError,
  BatchCreateChannelMembershipRequest,
  BatchCreateChannelMembershipResponse,
  ErrorCode,
  Identity,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { MembershipType } from "../../../store/store";
import { addMembersAccess } from "../../access";
import { BadRequestError, ChimeServiceError } from "../../errors";
import { isElastic } from "../../elastic";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { memberProblem, membershipQuotaProblem, newMembership } from "./memberInput";
import { channelAudience, type ChannelEvent } from "../../events";
import { joinElasticChannel } from "./elasticMembership";

/**
 * One Type (default DEFAULT) for 1 to 100 MemberArns. The bearer's right to add members is checked
 * once for the whole batch (a refusal is a 403 for the whole call); a member that cannot be added
 * (not a user of the app instance, banned) is reported in Errors while the others are added, with
 * 200. A member the quotas leave no room for (memberships per channel or per user) is reported in
 * Errors too, with the ErrorCode enum's ResourceLimitExceeded (reading: the batch's per-member errors
 * are where the model puts what stops one member and not the others). As in CreateChannelMembership, a user who is already a member counts as added and keeps the
 * membership unchanged. A repeated ARN is handled, and reported, once.
 *
 * In an elastic channel each member joins as CreateChannelMembership would (SubChannelId is for
 * moderators), with a problem of one member in Errors, and each is announced on its own: "Elastic
 * channels don't support the BATCH_CREATE_CHANNEL_MEMBERSHIP event" (DG).
 */
export function batchCreateChannelMembership({
  store,
  clock,
  ids,
  events,
  config,
}: Pick<Services, "store" | "clock" | "ids" | "events" | "config">): OperationHandler<
  BatchCreateChannelMembershipRequest,
  BatchCreateChannelMembershipResponse
> {
  return (input) => {
    const type: MembershipType = input.Type ?? "DEFAULT";
    const memberArns = [...new Set(input.MemberArns ?? [])];
    const { caller, channel } = addMembersAccess(store, input, memberArns, type, "BatchCreateChannelMembership");
    if (!isElastic(channel) && input.SubChannelId !== undefined) {
      throw new BadRequestError("SubChannelId applies to elastic channels only.");
    }

    const members: Identity[] = [];
    const errors: BatchCreateChannelMembershipError[] = [];
    const elasticEvents: ChannelEvent[] = [];
    store.transaction(() => {
      const now = clock.now().getTime();
      for (const memberArn of memberArns) {
        if (isElastic(channel)) {
          const request = { channel, memberArn, type, subChannelId: input.SubChannelId, invitedBy: caller.arn, now };
          try {
            elasticEvents.push(...joinElasticChannel(store, ids, config.quotas, request).events);
            members.push(identityOf(store, memberArn));
          } catch (error) {
            if (!(error instanceof ChimeServiceError)) throw error;
            errors.push({ MemberArn: memberArn, ErrorCode: error.code as ErrorCode, ErrorMessage: error.message });
          }
          continue;
        }
        const problem =
          memberProblem(store, channel, memberArn) ?? membershipQuotaProblem(store, config.quotas, channel, memberArn);
        if (problem) {
          errors.push({ MemberArn: memberArn, ErrorCode: problem.code as ErrorCode, ErrorMessage: problem.message });
          continue;
        }
        store.insertMembership(newMembership(channel.arn, memberArn, type, caller.arn, now));
        members.push(identityOf(store, memberArn));
      }
    });
    const batch = {
      InvitedBy: identityOf(store, caller.arn),
      Type: type,
      Members: members,
      ChannelArn: channel.arn,
      SubChannelId: input.SubChannelId,
    };
    if (isElastic(channel)) {
      for (const event of elasticEvents) events.publish(event);
    } else if (members.length > 0) {
      // One event for the batch, heard by the channel's members, the added ones included.
      const recipients = channelAudience(store, channel.arn);
      events.publish({ type: "BATCH_CREATE_CHANNEL_MEMBERSHIP", messageType: "SYSTEM", payload: batch, recipients });
    }
    return { BatchChannelMemberships: batch, Errors: errors.length > 0 ? errors : undefined };
  };
}
