import type { CreateChannelRequest, CreateChannelResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError, ConflictError, ForbiddenError } from "../../errors";
import { resolveBearer } from "../../access";
import { channelArn, invalidUserArn } from "../../arns";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import { idempotent } from "../../idempotency";
import { createFirstSubChannel, ELASTIC_CHANNEL_REGION } from "../../elastic";
import { newMembership } from "../memberships/memberInput";
import { announceAddition } from "../memberships/membershipEvents";

/**
 * Events (docs/aws-behaviour.md §4): AWS has no channel-creation event; a channel reaches its members
 * through their membership events. Reading: each initial membership, the creator's included, is a
 * CREATE_CHANNEL_MEMBERSHIP (InvitedBy the creator) heard by the channel's members, as if added one by
 * one right after creation; so every member's open sessions learn of the channel at once. Moderators
 * named in ModeratorArns who are not members get nothing (no moderator events, and no events for
 * non-members). Announced inside the idempotent creation: a retried request announces nothing twice.
 *
 * An elastic channel (ElasticChannelConfiguration; DG "Creating elastic channels"): its creator becomes
 * a moderator only, it takes no MemberArns, it cannot be UNRESTRICTED (omitted, the mode is RESTRICTED:
 * _reading_), and it exists in us-east-1 only; it starts with one sub-channel (elastic.ts).
 */
export function createChannel({
  store,
  clock,
  ids,
  events,
  config,
}: Pick<Services, "store" | "clock" | "ids" | "events" | "config">): OperationHandler<
  CreateChannelRequest,
  CreateChannelResponse
> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const elastic = input.ElasticChannelConfiguration;
    if (elastic) requireElasticAllowed(input, config.region);
    if (input.AppInstanceArn !== caller.appInstanceArn) {
      throw new ForbiddenError("The bearer does not belong to the app instance.");
    }
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(store, `CreateChannel ${caller.arn}`, ClientRequestToken as string, parameters, () => {
      const arn = channelArn(caller.appInstanceArn, input.ChannelId ?? ids.next());
      if (store.getChannel(arn)) throw new ConflictError(`The channel ${input.ChannelId} already exists.`);
      const members = new Set(elastic ? [] : [caller.arn, ...(input.MemberArns ?? [])]);
      const moderators = new Set([caller.arn, ...(input.ModeratorArns ?? [])]);
      for (const arn of new Set([...members, ...moderators])) {
        if (store.getUser(arn)?.appInstanceArn !== caller.appInstanceArn) throw invalidUserArn(arn);
      }
      const { quotas } = config;
      requireWithinQuota(quotas, "channelsPerAppInstance", store.countChannels(caller.appInstanceArn));
      requireWithinQuota(quotas, "membershipsPerChannel", 0, members.size);
      requireWithinQuota(quotas, "moderatorsPerChannel", 0, moderators.size);
      for (const memberArn of members) {
        requireWithinQuota(quotas, "membershipsPerUser", store.countMembershipsOfUser(memberArn));
      }
      const now = clock.now().getTime();
      store.insertChannel({
        arn,
        appInstanceArn: caller.appInstanceArn,
        name: input.Name as string,
        // The model does not state the defaults; a channel created without them is UNRESTRICTED, and
        // the developer guide's "public channel" example passes no Privacy.
        mode: input.Mode ?? (elastic ? "RESTRICTED" : "UNRESTRICTED"),
        privacy: input.Privacy ?? "PUBLIC",
        metadata: input.Metadata ?? null,
        createdBy: caller.arn,
        expirationSettings: input.ExpirationSettings ? JSON.stringify(input.ExpirationSettings) : null,
        createdAt: now,
        updatedAt: now,
        lastMessageAt: null,
        elasticConfiguration: elastic ? JSON.stringify(elastic) : null,
      });
      if (elastic) createFirstSubChannel(store, ids, arn, now);
      // The creator becomes a member and a moderator of a (non-elastic) channel.
      const memberships = [...members].map((memberArn) => newMembership(arn, memberArn, "DEFAULT", caller.arn, now));
      for (const membership of memberships) store.insertMembership(membership);
      for (const moderatorArn of moderators) {
        store.insertModerator({ channelArn: arn, moderatorArn, createdBy: caller.arn, createdAt: now });
      }
      if (input.Tags) store.putTags(arn, input.Tags);
      for (const membership of memberships) announceAddition(events, store, membership);
      return { ChannelArn: arn };
    });
  };
}

function requireElasticAllowed(input: CreateChannelRequest, region: string): void {
  if (region !== ELASTIC_CHANNEL_REGION) {
    throw new BadRequestError(`Elastic channels are available in ${ELASTIC_CHANNEL_REGION} only.`);
  }
  if (input.MemberArns?.length) throw new BadRequestError("An elastic channel cannot be created with MemberArns.");
  if (input.Mode === "UNRESTRICTED") throw new BadRequestError("An elastic channel cannot be UNRESTRICTED.");
}
