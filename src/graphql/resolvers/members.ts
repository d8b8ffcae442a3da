/** Memberships: listing, joining, leaving, adding and removing members. */
import { ChimeCallError, codeForChimeErrorCode } from "../../chime/errors";
import type { ChimeSession } from "../../chime/gateway";
import type { GraphQLContext } from "../context";
import { forbidden } from "../errors";
import type { Resolvers } from "../generated/resolvers";
import type { MembershipModel } from "../mappers";
import { connection } from "../pagination";
import { LIMITS } from "../validation";
import { chimePage, ids, inputs, required } from "./shared";

/**
 * Who lists HIDDEN members. AWS's reference says HIDDEN members are returned only when
 * ListChannelMemberships' Type is HIDDEN, and that HIDDEN membership "is only supported by moderators"
 * (CreateChannelMembership's Type); its role table lets every member call ListChannelMemberships and
 * says nothing of the Type. So Chime is not documented to keep hidden members from a plain member who
 * asks for them, and the API does: moderators of the channel (DescribeChannelModerator of themselves
 * succeeds only for them) and the app's admins (as the AppInstanceAdmin) list them; anyone else gets
 * FORBIDDEN, as the schema promises that hidden members do not show.
 */
async function hiddenMembersReader(context: GraphQLContext, channelArn: string): Promise<ChimeSession> {
  if (context.identity.isAdmin) return context.chimeAsAdmin();
  try {
    await context.chime.describeModerator(channelArn, context.identity.bearer);
  } catch (error) {
    if (error instanceof ChimeCallError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) {
      throw forbidden("Only the channel's moderators and admins list hidden members.");
    }
    throw error;
  }
  return context.chime;
}

export const memberResolvers: Resolvers = {
  Query: {
    members: async (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      const type = args.type ?? "DEFAULT";
      const chime = type === "HIDDEN" ? await hiddenMembersReader(context, channelArn) : context.chime;
      return connection(
        args,
        { query: "members", channelArn, type, caller: context.identity.sub },
        async (nextToken) => {
          const page = await chime.listMemberships(channelArn, type, chimePage(nextToken));
          return { items: page.ChannelMemberships ?? [], nextToken: page.NextToken };
        },
        (summary): MembershipModel => ({ ChannelArn: channelArn, Member: required(summary.Member, "a member") }),
      );
    },
  },
  Mutation: {
    joinChannel: async (_parent, { channelArn }, context) => {
      const arn = inputs(context).channel("channelArn", channelArn);
      const self = context.identity.bearer;
      await context.chime.createMembership(arn, self, "DEFAULT");
      const { ChannelMembership } = await context.chime.describeMembership(arn, self);
      const membership = required(ChannelMembership, "the membership");
      return { ...membership, ChannelArn: arn, Member: required(membership.Member, "a member") };
    },
    leaveChannel: async (_parent, { channelArn }, context) => {
      const arn = inputs(context).channel("channelArn", channelArn);
      await context.chime.deleteMembership(arn, context.identity.bearer);
      return ids.membership(arn, context.identity.bearer);
    },
    addMembers: async (_parent, { input }, context) => {
      const check = inputs(context);
      const channelArn = check.channel("input.channelArn", input.channelArn);
      const memberArns = check.users("input.memberArns", input.memberArns, 1, LIMITS.batchMembers);
      const type = input.type ?? "DEFAULT";
      const result = await context.chime.batchCreateMemberships(channelArn, memberArns, type);
      const batch = result.BatchChannelMemberships;
      return {
        memberships: (batch?.Members ?? []).map((member): MembershipModel => ({
          ChannelArn: channelArn,
          Member: member,
          Type: batch?.Type ?? type,
          InvitedBy: batch?.InvitedBy,
        })),
        errors: (result.Errors ?? []).map((error) => ({
          memberArn: required(error.MemberArn, "a member ARN"),
          code: codeForChimeErrorCode(error.ErrorCode),
        })),
      };
    },
    removeMember: async (_parent, { channelArn, memberArn }, context) => {
      const check = inputs(context);
      const arn = check.channel("channelArn", channelArn);
      const member = check.user("memberArn", memberArn);
      await context.chime.deleteMembership(arn, member);
      return ids.membership(arn, member);
    },
  },
  Membership: {
    id: (membership) => ids.membership(membership.ChannelArn, required(membership.Member.Arn, "a member ARN")),
    channelArn: (membership) => membership.ChannelArn,
    member: (membership) => membership.Member,
    type: (membership) => membership.Type ?? null,
    invitedBy: (membership) => membership.InvitedBy ?? null,
    createdAt: (membership) => membership.CreatedTimestamp ?? null,
  },
};
