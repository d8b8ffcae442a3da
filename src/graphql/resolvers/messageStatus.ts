/**
 * `messageStatus`: where one of the caller's messages stands. Chime answers for the messages it keeps
 * (SENT, PENDING, FAILED); a denied message it does not keep, so its status is the moderation
 * processor's record of the denial (src/moderation/decisions.ts), shown to its sender only. In a large
 * channel, the caller's messages of their present sub-channel (subChannels.ts).
 */
import { ChimeCallError } from "../../chime/errors";
import type { GraphQLContext } from "../context";
import type { Resolvers } from "../generated/resolvers";
import type { MessageStatusModel } from "../mappers";
import { inSubChannel } from "../subChannels";
import { messageId } from "../validation";
import { inputs, required } from "./shared";

/** The denial of the caller's own message, when Chime answered that it knows no such message. */
async function ownDenial(context: GraphQLContext, channelArn: string, id: string, error: unknown) {
  const unknownMessage = error instanceof ChimeCallError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND");
  const denials = context.moderation.denials;
  if (!unknownMessage || !denials) return undefined;
  const denial = await denials.denialOf(channelArn, id);
  return denial?.senderArn === context.identity.bearer ? denial : undefined;
}

export const messageStatusResolvers: Resolvers = {
  Query: {
    messageStatus: async (_parent, args, context): Promise<MessageStatusModel> => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      const id = messageId("messageId", args.messageId);
      try {
        const { Status } = await inSubChannel(context, channelArn, (subChannelId) =>
          context.chime.getMessageStatus(channelArn, id, subChannelId),
        );
        return required(Status, "a message status");
      } catch (error) {
        const denial = await ownDenial(context, channelArn, id, error);
        if (denial) return { Value: "DENIED", Detail: denial.reason };
        throw error;
      }
    },
  },
};
