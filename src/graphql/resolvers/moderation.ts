/** Moderators and bans. */
import type { Resolvers } from "../generated/resolvers";
import type { BanModel, ModeratorModel } from "../mappers";
import { connection } from "../pagination";
import { chimePage, ids, inputs, required } from "./shared";

export const moderationResolvers: Resolvers = {
  Query: {
    moderators: (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      return connection(
        args,
        { query: "moderators", channelArn, caller: context.identity.sub },
        async (nextToken) => {
          const page = await context.chime.listModerators(channelArn, chimePage(nextToken));
          return { items: page.ChannelModerators ?? [], nextToken: page.NextToken };
        },
        (summary): ModeratorModel => ({
          ChannelArn: channelArn,
          Moderator: required(summary.Moderator, "a moderator"),
        }),
      );
    },
    bans: (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      return connection(
        args,
        { query: "bans", channelArn, caller: context.identity.sub },
        async (nextToken) => {
          const page = await context.chime.listBans(channelArn, chimePage(nextToken));
          return { items: page.ChannelBans ?? [], nextToken: page.NextToken };
        },
        (summary): BanModel => ({ ChannelArn: channelArn, Member: required(summary.Member, "a member") }),
      );
    },
  },
  Mutation: {
    addModerator: async (_parent, { channelArn, moderatorArn }, context) => {
      const check = inputs(context);
      const arn = check.channel("channelArn", channelArn);
      const moderator = check.user("moderatorArn", moderatorArn);
      await context.chime.createModerator(arn, moderator);
      const { ChannelModerator } = await context.chime.describeModerator(arn, moderator);
      const found = required(ChannelModerator, "the moderator");
      return { ...found, ChannelArn: arn, Moderator: required(found.Moderator, "a moderator") };
    },
    removeModerator: async (_parent, { channelArn, moderatorArn }, context) => {
      const check = inputs(context);
      const arn = check.channel("channelArn", channelArn);
      const moderator = check.user("moderatorArn", moderatorArn);
      await context.chime.deleteModerator(arn, moderator);
      return ids.moderator(arn, moderator);
    },
    banMember: async (_parent, { channelArn, memberArn }, context) => {
      const check = inputs(context);
      const arn = check.channel("channelArn", channelArn);
      const member = check.user("memberArn", memberArn);
      await context.chime.createBan(arn, member);
      const { ChannelBan } = await context.chime.describeBan(arn, member);
      const ban = required(ChannelBan, "the ban");
      return { ...ban, ChannelArn: arn, Member: required(ban.Member, "a member") };
    },
    unbanMember: async (_parent, { channelArn, memberArn }, context) => {
      const check = inputs(context);
      const arn = check.channel("channelArn", channelArn);
      const member = check.user("memberArn", memberArn);
      await context.chime.deleteBan(arn, member);
      return ids.ban(arn, member);
    },
  },
  Moderator: {
    id: (moderator) => ids.moderator(moderator.ChannelArn, required(moderator.Moderator.Arn, "a moderator ARN")),
    channelArn: (moderator) => moderator.ChannelArn,
    moderator: (moderator) => moderator.Moderator,
    createdBy: (moderator) => moderator.CreatedBy ?? null,
    createdAt: (moderator) => moderator.CreatedTimestamp ?? null,
  },
  Ban: {
    id: (ban) => ids.ban(ban.ChannelArn, required(ban.Member.Arn, "a member ARN")),
    channelArn: (ban) => ban.ChannelArn,
    member: (ban) => ban.Member,
    createdBy: (ban) => ban.CreatedBy ?? null,
    createdAt: (ban) => ban.CreatedTimestamp ?? null,
  },
};
