/**
 * Large channels (Chime's elastic channels) keep one channel for the API's callers: a member reads and
 * posts in their own sub-channel, which the API finds from their membership
 * (DescribeChannelMembershipForAppInstanceUser's SubChannelId; a moderator's first), so clients never
 * name one. Chime wants a SubChannelId on every message call of an elastic channel and refuses the call
 * without one (BadRequestException): only then does the API ask whether the channel is elastic
 * (DescribeChannel, remembered per container: a channel never changes kind) and call again in the
 * caller's sub-channel. Ordinary channels pay nothing: no call is added to theirs.
 *
 * A member that balancing moves to another sub-channel sees that one's messages from then on (Chime's
 * design: "the new sub-channel contains different memberships and messages").
 */
import { ChimeCallError } from "../chime/errors";
import type { GraphQLContext } from "./context";

/** Elastic channels seen by this container, oldest first; bounded, and safe to lose. */
const elasticChannels = new Set<string>();
const MAX_REMEMBERED = 10_000;

function remember(channelArn: string): void {
  if (elasticChannels.size >= MAX_REMEMBERED) elasticChannels.delete(elasticChannels.values().next().value as string);
  elasticChannels.add(channelArn);
}

async function isElastic(context: Pick<GraphQLContext, "chime">, channelArn: string): Promise<boolean> {
  const { Channel } = await context.chime.describeChannel(channelArn);
  const elastic = Channel?.ElasticChannelConfiguration !== undefined;
  if (elastic) remember(channelArn);
  return elastic;
}

async function callersSubChannel(context: Pick<GraphQLContext, "chime">, channelArn: string) {
  const { ChannelMembership } = await context.chime.describeOwnChannelMembership(channelArn);
  return ChannelMembership?.AppInstanceUserMembershipSummary?.SubChannelId;
}

const refusedForWantOfSubChannel = (error: unknown) =>
  error instanceof ChimeCallError && error.awsErrorName === "BadRequestException";

/** Runs a message call of the channel, in the caller's sub-channel when the channel is a large one. */
export async function inSubChannel<T>(
  context: Pick<GraphQLContext, "chime">,
  channelArn: string,
  call: (subChannelId: string | undefined) => Promise<T>,
): Promise<T> {
  if (elasticChannels.has(channelArn)) return call(await callersSubChannel(context, channelArn));
  try {
    return await call(undefined);
  } catch (error) {
    if (!refusedForWantOfSubChannel(error)) throw error;
    const elastic = await isElastic(context, channelArn).catch(() => false);
    if (!elastic) throw error;
    return call(await callersSubChannel(context, channelArn));
  }
}
