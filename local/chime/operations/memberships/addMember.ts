import { ForbiddenError } from "../../../endpoint/errors";
import type { MembershipType, Store } from "../../../store/store";
import type { ChannelAccess } from "../../access";
import { invalidUserArn } from "../../arns";

/**
 * Adds one member after the caller's permission was checked: the member must be a user of the
 * channel's app instance and not banned from the channel. An existing membership is left as it is.
 */
export function addMember(
  store: Pick<Store, "getUser" | "getBan" | "insertMembership">,
  access: ChannelAccess,
  memberArn: string,
  type: MembershipType,
  now: number,
): void {
  if (store.getUser(memberArn)?.appInstanceArn !== access.channel.appInstanceArn) throw invalidUserArn(memberArn);
  if (store.getBan(access.channel.arn, memberArn)) {
    throw new ForbiddenError("The user is banned from the channel and cannot be added until the ban is deleted.");
  }
  store.insertMembership({
    channelArn: access.channel.arn,
    memberArn,
    type,
    invitedBy: access.caller.arn,
    createdAt: now,
    updatedAt: now,
    readMarkerAt: null,
  });
}
