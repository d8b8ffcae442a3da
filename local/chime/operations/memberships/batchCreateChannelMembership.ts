import type {
  BatchCreateChannelMembershipError,
  BatchCreateChannelMembershipRequest,
  BatchCreateChannelMembershipResponse,
  ErrorCode,
  Identity,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { MembershipType } from "../../../store/store";
import { channelAccess, requireCanAddMembers, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { rejectSubChannel } from "../../unsupported";
import { identityOf } from "../../views";
import { memberProblem, membershipQuotaProblem } from "./memberInput";
import { channelAudience } from "../../events";

/**
 * One Type (default DEFAULT) for 1 to 100 MemberArns. The bearer's right to add members is checked
 * once for the whole batch (a refusal is a 403 for the whole call); a member that cannot be added
 * (not a user of the app instance, banned) is reported in Errors while the others are added, with
 * 200. A member the quotas leave no room for (memberships per channel or per user) is reported in
 * Errors too, with the ErrorCode enum's ResourceLimitExceeded (reading: the batch's per-member errors
 * are where the model puts what stops one member and not the others). As in CreateChannelMembership, a user who is already a member counts as added and keeps the
 * membership unchanged. A repeated ARN is handled, and reported, once.
 */
export function batchCreateChannelMembership({
  store,
  clock,
  events,
  config,
}: Pick<Services, "store" | "clock" | "events" | "config">): OperationHandler<
  BatchCreateChannelMembershipRequest,
  BatchCreateChannelMembershipResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const type: MembershipType = input.Type ?? "DEFAULT";
    const memberArns = [...new Set(input.MemberArns ?? [])];
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    requireCanAddMembers(access, memberArns, type, "BatchCreateChannelMembership");
    const channel = access.channel;

    const members: Identity[] = [];
    const errors: BatchCreateChannelMembershipError[] = [];
    store.transaction(() => {
      const now = clock.now().getTime();
      for (const memberArn of memberArns) {
        const problem =
          memberProblem(store, channel, memberArn) ?? membershipQuotaProblem(store, config.quotas, channel, memberArn);
        if (problem) {
          errors.push({ MemberArn: memberArn, ErrorCode: problem.code as ErrorCode, ErrorMessage: problem.message });
          continue;
        }
        store.insertMembership({
          channelArn: channel.arn,
          memberArn,
          type,
          invitedBy: caller.arn,
          createdAt: now,
          updatedAt: now,
          readMarkerAt: null,
        });
        members.push(identityOf(store, memberArn));
      }
    });
    const batch = { InvitedBy: identityOf(store, caller.arn), Type: type, Members: members, ChannelArn: channel.arn };
    if (members.length > 0) {
      // One event for the batch, heard by the channel's members, the added ones included.
      const recipients = channelAudience(store, channel.arn);
      events.publish({ type: "BATCH_CREATE_CHANNEL_MEMBERSHIP", messageType: "SYSTEM", payload: batch, recipients });
    }
    return { BatchChannelMemberships: batch, Errors: errors.length > 0 ? errors : undefined };
  };
}
