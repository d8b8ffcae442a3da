/** Channels, the caller's channels with read state, and the messaging-session endpoint. */
import type { GraphQLContext } from "../context";
import type { Resolvers } from "../generated/resolvers";
import type { MyChannelModel } from "../mappers";
import { CHIME_PAGE_SIZE, connection } from "../pagination";
import { channelName, clientRequestToken, LIMITS, metadata } from "../validation";
import { chimePage, ids, inputs, required } from "./shared";
import { expirationSettings, largeChannel } from "./channelSettings";
import { inSubChannel } from "../subChannels";

function hasUnread(membership: MyChannelModel): boolean {
  const last = membership.ChannelSummary?.LastMessageTimestamp;
  if (!last) return false;
  const read = membership.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp;
  return !read || last.getTime() > read.getTime();
}

/** Unread messages are counted over at most one Chime page of messages after the read marker. */
export const UNREAD_COUNT_CAP = CHIME_PAGE_SIZE;

/**
 * The caller's unread messages in one channel (schema: UnreadCount). Chime has no count: a channel whose
 * last message is not newer than the read marker is 0 without a call; otherwise one page of the newest
 * messages after the marker is read (the channels of a page are counted in parallel, as GraphQL
 * resolves list items concurrently) and the others' visible STANDARD messages in it are counted.
 */
async function unreadCount(context: GraphQLContext, membership: MyChannelModel) {
  if (!hasUnread(membership)) return { count: 0, capped: false };
  const channelArn = required(membership.ChannelSummary?.ChannelArn, "a channel ARN");
  const marker = membership.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp;
  // NotBefore is inclusive: a message of the marker's own millisecond counts as read, as in hasUnread.
  const page = await inSubChannel(context, channelArn, (subChannelId) =>
    context.chime.listMessages(
      channelArn,
      { sortOrder: "DESCENDING", notBefore: marker ? new Date(marker.getTime() + 1) : undefined, subChannelId },
      { maxResults: UNREAD_COUNT_CAP },
    ),
  );
  const count = (page.ChannelMessages ?? []).filter(
    (message) => message.Type === "STANDARD" && !message.Redacted && message.Sender?.Arn !== context.identity.bearer,
  ).length;
  return { count, capped: page.NextToken !== undefined };
}

async function describe(context: GraphQLContext, channelArn: string) {
  const { Channel } = await context.chime.describeChannel(channelArn);
  return required(Channel, "the channel");
}

/**
 * With moderation on, a new channel runs the deployment's channel flow from its creation: associated
 * as its creator, the caller (a channel's creator is its moderator, whom Chime lets associate a flow).
 * A channel that cannot be associated is deleted again and the error reported: no channel escapes
 * moderation by a failed call.
 */
async function moderate(context: GraphQLContext, channelArn: string): Promise<void> {
  const { channelFlowArn } = context.moderation;
  if (channelFlowArn === undefined) return;
  try {
    await context.chime.associateChannelFlow(channelArn, channelFlowArn);
  } catch (error) {
    await context.chime.deleteChannel(channelArn).catch((cleanup: unknown) => {
      context.logger.error("A channel that moderation could not cover was left behind", {
        channelArn,
        errorName: cleanup instanceof Error ? cleanup.name : "Error",
      });
    });
    throw error;
  }
}

export const channelResolvers: Resolvers = {
  Query: {
    channel: async (_parent, { arn }, context) => {
      const channelArn = inputs(context).channel("arn", arn);
      const { Channel } = await context.chime.describeChannel(channelArn);
      return Channel ?? null;
    },
    channels: (_parent, args, context) => {
      const privacy = args.privacy ?? "PUBLIC";
      // Listing PRIVATE channels is for AppInstanceAdmins: admins list them as the backend user.
      const chime = privacy === "PRIVATE" ? context.chimeAsAdmin() : context.chime;
      return connection(
        args,
        { query: "channels", privacy, caller: context.identity.sub },
        async (nextToken) => {
          const page = await chime.listChannels(privacy, chimePage(nextToken));
          return { items: page.Channels ?? [], nextToken: page.NextToken };
        },
        (channel) => channel,
      );
    },
    myChannels: (_parent, args, context) =>
      connection(
        args,
        { query: "myChannels", caller: context.identity.sub },
        async (nextToken) => {
          const page = await context.chime.listOwnChannelMemberships(chimePage(nextToken));
          return { items: page.ChannelMemberships ?? [], nextToken: page.NextToken };
        },
        (membership) => membership,
      ),
    messagingSessionEndpoint: async (_parent, _args, context) => {
      const { Endpoint } = await context.gateway.getMessagingSessionEndpoint();
      return required(Endpoint, "the endpoint");
    },
  },
  Mutation: {
    createChannel: async (_parent, { input }, context) => {
      const check = inputs(context);
      const memberArns = input.memberArns?.length
        ? check.users("input.memberArns", input.memberArns, 1, LIMITS.createChannelArns)
        : undefined;
      const moderatorArns = input.moderatorArns?.length
        ? check.users("input.moderatorArns", input.moderatorArns, 1, LIMITS.createChannelArns)
        : undefined;
      const { ChannelArn } = await context.chime.createChannel({
        Name: channelName("input.name", input.name),
        Privacy: input.privacy ?? undefined,
        Metadata: metadata("input.metadata", input.metadata),
        MemberArns: memberArns,
        ModeratorArns: moderatorArns,
        ClientRequestToken: clientRequestToken("input.clientRequestToken", input.clientRequestToken),
        ExpirationSettings: expirationSettings("input.expiration", input.expiration),
        ...largeChannel("input.elastic", input.elastic, input.mode, memberArns),
      });
      const channelArn = required(ChannelArn, "the channel ARN");
      await moderate(context, channelArn);
      return describe(context, channelArn);
    },
    updateChannel: async (_parent, { input }, context) => {
      const channelArn = inputs(context).channel("input.arn", input.arn);
      const expiration = expirationSettings("input.expiration", input.expiration);
      // Omitted: unchanged; null: cleared.
      if (input.expiration !== undefined) await context.chime.putChannelExpirationSettings(channelArn, expiration);
      await context.chime.updateChannel({
        ChannelArn: channelArn,
        Name: input.name === null || input.name === undefined ? undefined : channelName("input.name", input.name),
        Mode: input.mode ?? undefined,
        Metadata: metadata("input.metadata", input.metadata),
      });
      return describe(context, channelArn);
    },
    deleteChannel: async (_parent, { arn }, context) => {
      const channelArn = inputs(context).channel("arn", arn);
      await context.chime.deleteChannel(channelArn);
      return channelArn;
    },
    markChannelRead: async (_parent, { channelArn }, context) => {
      const arn = inputs(context).channel("channelArn", channelArn);
      await context.chime.updateReadMarker(arn);
      const { ChannelMembership } = await context.chime.describeOwnChannelMembership(arn);
      return required(ChannelMembership, "the membership");
    },
  },
  Channel: {
    id: (channel) => required(channel.ChannelArn, "a channel ARN"),
    arn: (channel) => required(channel.ChannelArn, "a channel ARN"),
    name: (channel) => required(channel.Name, "a channel name"),
    mode: (channel) => required(channel.Mode, "a channel mode"),
    privacy: (channel) => required(channel.Privacy, "a channel privacy"),
    metadata: (channel) => channel.Metadata ?? null,
    createdBy: (channel) => channel.CreatedBy ?? null,
    createdAt: (channel) => channel.CreatedTimestamp ?? null,
    updatedAt: (channel) => channel.LastUpdatedTimestamp ?? null,
    lastMessageAt: (channel) => channel.LastMessageTimestamp ?? null,
  },
  MyChannel: {
    id: (membership, _args, context) =>
      ids.myChannel(required(membership.ChannelSummary?.ChannelArn, "a channel ARN"), context.identity.bearer),
    channel: (membership) => required(membership.ChannelSummary, "the channel"),
    membershipType: (membership) => membership.AppInstanceUserMembershipSummary?.Type ?? "DEFAULT",
    readMarkerAt: (membership) => membership.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp ?? null,
    lastMessageAt: (membership) => membership.ChannelSummary?.LastMessageTimestamp ?? null,
    hasUnread: (membership) => hasUnread(membership),
    unread: (membership, _args, context) => unreadCount(context, membership),
  },
  MessagingSessionEndpoint: {
    url: (endpoint) => required(endpoint.Url, "the endpoint URL"),
  },
};
