import type {
  CreateChannelMembershipRequest,
  CreateChannelMembershipResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { channelAccess, requireCanAddMembers, resolveBearer } from "../../access";
import type { OperationHandler, Services } from "../../services";
import { checkEnum } from "../../validate";
import { identityOf } from "../../views";
import { rejectSubChannel } from "../messages/messageInput";
import { addMember } from "./addMember";

/**
 * Adding a user who is already a member succeeds and changes nothing (AWS does not document this
 * case; the idempotent reading loses nothing and lets clients retry safely).
 */
export function createChannelMembership({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  CreateChannelMembershipRequest,
  CreateChannelMembershipResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    checkEnum("type", input.Type, ["DEFAULT", "HIDDEN"]);
    rejectSubChannel(input.SubChannelId);
    const access = channelAccess(store, caller, input.ChannelArn as string, "NotFound");
    const memberArn = input.MemberArn as string;
    requireCanAddMembers(access, [memberArn], input.Type as string, "CreateChannelMembership");
    store.transaction(() =>
      addMember(store, access, memberArn, input.Type as "DEFAULT" | "HIDDEN", clock.now().getTime()),
    );
    return { ChannelArn: access.channel.arn, Member: identityOf(store, memberArn) };
  };
}
