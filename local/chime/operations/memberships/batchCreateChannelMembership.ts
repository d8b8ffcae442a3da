import type {
  BatchCreateChannelMembershipError,
  BatchCreateChannelMembershipRequest,
  BatchCreateChannelMembershipResponse,
  Identity,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ChimeServiceError } from "../../../endpoint/errors";
import { channelAccess, requireCanAddMembers, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { checkCount, checkEnum } from "../../validate";
import { identityOf } from "../../views";
import { rejectSubChannel } from "../messages/messageInput";
import { addMember } from "./addMember";

/**
 * The caller's right to add members is checked once for the whole batch; a member that cannot be
 * added (not a user of the app instance, banned) is reported in Errors while the others are added.
 */
export function batchCreateChannelMembership({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  BatchCreateChannelMembershipRequest,
  BatchCreateChannelMembershipResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkEnum("type", input.Type, ["DEFAULT", "HIDDEN"]);
    checkCount("memberArns", input.MemberArns, 1, 100);
    rejectSubChannel(input.SubChannelId);
    const type = input.Type ?? "DEFAULT";
    const memberArns = [...new Set(input.MemberArns ?? [])];
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    requireCanAddMembers(access, memberArns, type, "BatchCreateChannelMembership");

    const members: Identity[] = [];
    const errors: BatchCreateChannelMembershipError[] = [];
    const now = clock.now().getTime();
    store.transaction(() => {
      for (const memberArn of memberArns) {
        try {
          addMember(store, access, memberArn, type, now);
          members.push(identityOf(store, memberArn));
        } catch (error) {
          if (!(error instanceof ChimeServiceError)) throw error;
          errors.push({ MemberArn: memberArn, ErrorCode: error.code as never, ErrorMessage: error.message });
        }
      }
    });
    return {
      BatchChannelMemberships: {
        InvitedBy: identityOf(store, caller.arn),
        Type: type,
        Members: members,
        ChannelArn: access.channel.arn,
      },
      Errors: errors.length > 0 ? errors : undefined,
    };
  };
}
