import type { CreateChannelRequest, CreateChannelResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { ConflictError, ForbiddenError } from "../../errors";
import { resolveBearer } from "../../access";
import { channelArn, invalidUserArn } from "../../arns";
import type { OperationHandler, Services } from "../../services";
import { idempotent } from "../../idempotency";
import { rejectElasticChannel } from "../../unsupported";

export function createChannel({
  store,
  clock,
  ids,
}: Pick<Services, "store" | "clock" | "ids">): OperationHandler<CreateChannelRequest, CreateChannelResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    rejectElasticChannel(input.ElasticChannelConfiguration);
    if (input.AppInstanceArn !== caller.appInstanceArn) {
      throw new ForbiddenError("The bearer does not belong to the app instance.");
    }
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(store, `CreateChannel ${caller.arn}`, ClientRequestToken as string, parameters, () => {
      const arn = channelArn(caller.appInstanceArn, input.ChannelId ?? ids.next());
      if (store.getChannel(arn)) throw new ConflictError(`The channel ${input.ChannelId} already exists.`);
      const members = new Set([caller.arn, ...(input.MemberArns ?? [])]);
      const moderators = new Set([caller.arn, ...(input.ModeratorArns ?? [])]);
      for (const arn of new Set([...members, ...moderators])) {
        if (store.getUser(arn)?.appInstanceArn !== caller.appInstanceArn) throw invalidUserArn(arn);
      }
      const now = clock.now().getTime();
      store.insertChannel({
        arn,
        appInstanceArn: caller.appInstanceArn,
        name: input.Name as string,
        // The model does not state the defaults; a channel created without them is UNRESTRICTED, and
        // the developer guide's "public channel" example passes no Privacy.
        mode: input.Mode ?? "UNRESTRICTED",
        privacy: input.Privacy ?? "PUBLIC",
        metadata: input.Metadata ?? null,
        createdBy: caller.arn,
        expirationSettings: input.ExpirationSettings ? JSON.stringify(input.ExpirationSettings) : null,
        createdAt: now,
        updatedAt: now,
        lastMessageAt: null,
      });
      // The creator becomes a member and a moderator of a (non-elastic) channel.
      for (const memberArn of members) {
        store.insertMembership({
          channelArn: arn,
          memberArn,
          type: "DEFAULT",
          invitedBy: caller.arn,
          createdAt: now,
          updatedAt: now,
          readMarkerAt: null,
        });
      }
      for (const moderatorArn of moderators) {
        store.insertModerator({ channelArn: arn, moderatorArn, createdBy: caller.arn, createdAt: now });
      }
      if (input.Tags) store.putTags(arn, input.Tags);
      return { ChannelArn: arn };
    });
  };
}
