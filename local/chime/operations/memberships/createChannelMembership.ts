import type {
  CreateChannelMembershipRequest,
  CreateChannelMembershipResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { MembershipType } from "../../../store/store";
import { channelAccess, requireCanAddMembers, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { rejectSubChannel } from "../../unsupported";
import { identityOf } from "../../views";
import { memberProblem, membershipQuotaProblem } from "./memberInput";
import { announceAddition } from "./membershipEvents";

/**
 * Adds a user to a channel as the bearer (InvitedBy). Who may add whom is requireCanAddMembers; the
 * member must be a user of the channel's app instance (else 403) and not banned (403).
 *
 * Adding a user who is already a member: AWS does not document it. Chosen reading: idempotent
 * success (201) that returns the existing membership and changes nothing, neither its Type nor its
 * InvitedBy; a client retrying after a lost response then sees success, not a ConflictException.
 */
export function createChannelMembership({
  store,
  clock,
  events,
  config,
}: Pick<Services, "store" | "clock" | "events" | "config">): OperationHandler<
  CreateChannelMembershipRequest,
  CreateChannelMembershipResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectSubChannel(input.SubChannelId);
    const type = input.Type as MembershipType;
    const memberArn = input.MemberArn as string;
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    requireCanAddMembers(access, [memberArn], type, "CreateChannelMembership");
    const channel = access.channel;
    const membership = {
      channelArn: channel.arn,
      memberArn,
      type,
      invitedBy: caller.arn,
      createdAt: clock.now().getTime(),
      updatedAt: clock.now().getTime(),
      readMarkerAt: null,
    };
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
