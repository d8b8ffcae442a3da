/** Messages: listing, reading, sending, editing, redacting, deleting. */
import type { ChannelMessageSummary } from "@aws-sdk/client-chime-sdk-messaging";
import { ChimeCallError } from "../../chime/errors";
import type { GraphQLContext } from "../context";
import type { Resolvers } from "../generated/resolvers";
import type { MessageModel } from "../mappers";
import { messagePushFields } from "../push";
import { connection } from "../pagination";
import { TYPING_SIGNAL_CONTENT } from "../typingSignal";
import { clientRequestToken, messageBody, messageId, timeWindow } from "../validation";
import { ids, inputs, required, chimePage } from "./shared";
import { inSubChannel } from "../subChannels";

/**
 * A message of Chime's (a summary from a list, or GetChannelMessage's) with its channel. Object.assign,
 * not the spread `{ ...message, ChannelArn, MessageId }`: that takes V8's slow path (it sets a member the
 * copy already has), about 1 µs a message, a tenth of a page's own work.
 */
function messageModel(message: ChannelMessageSummary, channelArn: string): MessageModel {
  return Object.assign({}, message, {
    ChannelArn: channelArn,
    MessageId: required(message.MessageId, "a message id"),
  });
}

async function getMessage(context: GraphQLContext, channelArn: string, id: string): Promise<MessageModel> {
  const { ChannelMessage } = await inSubChannel(context, channelArn, (subChannelId) =>
    context.chime.getMessage(channelArn, id, subChannelId),
  );
  return messageModel(required(ChannelMessage, "the message"), channelArn);
}

export const messageResolvers: Resolvers = {
  Query: {
    messages: (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      timeWindow(args.notBefore, args.notAfter);
      const sortOrder = args.order === "OLDEST_FIRST" ? "ASCENDING" : "DESCENDING";
      const window = { notBefore: args.notBefore ?? undefined, notAfter: args.notAfter ?? undefined };
      return connection(
        args,
        {
          query: "messages",
          channelArn,
          sortOrder,
          notBefore: window.notBefore?.getTime(),
          notAfter: window.notAfter?.getTime(),
          caller: context.identity.sub,
        },
        async (nextToken) => {
          const page = await inSubChannel(context, channelArn, (subChannelId) =>
            context.chime.listMessages(channelArn, { sortOrder, ...window, subChannelId }, chimePage(nextToken)),
          );
          return { items: page.ChannelMessages ?? [], nextToken: page.NextToken };
        },
        (summary) => messageModel(summary, channelArn),
      );
    },
    message: (_parent, args, context) =>
      getMessage(
        context,
        inputs(context).channel("channelArn", args.channelArn),
        messageId("messageId", args.messageId),
      ),
  },
  Mutation: {
    sendMessage: async (_parent, { input }, context) => {
      const channelArn = inputs(context).channel("input.channelArn", input.channelArn);
      const type = input.type ?? "STANDARD";
      const persistence = input.persistence ?? "PERSISTENT";
      messageBody({ content: "input.content", metadata: "input.metadata" }, type, input.content, input.metadata);
      const push = await messagePushFields(context, { ...input, channelArn, type, persistence });
      // Without the client's token, the SDK fills in a fresh one when it serializes the call, before its
      // retry loop: its own retries (throttling, 5xx, a lost connection) resend that same token, so
      // Chime stores the message once (test/api/faults.test.ts). A client retrying the mutation makes
      // a new call, hence a new message, unless it sends its own clientRequestToken.
      const token = clientRequestToken("input.clientRequestToken", input.clientRequestToken);
      const sent = await inSubChannel(context, channelArn, (subChannelId) =>
        context.chime.sendMessage({
          ...push,
          ChannelArn: channelArn,
          Content: input.content,
          Type: type,
          Persistence: persistence,
          Metadata: input.metadata ?? undefined,
          ClientRequestToken: token,
          SubChannelId: subChannelId,
        }),
      );
      return {
        ChannelArn: channelArn,
        MessageId: required(sent.MessageId, "a message id"),
        Status: sent.Status,
        Persistence: persistence,
      };
    },
    editMessage: async (_parent, { input }, context) => {
      const channelArn = inputs(context).channel("input.channelArn", input.channelArn);
      const id = messageId("input.messageId", input.messageId);
      messageBody({ content: "input.content", metadata: "input.metadata" }, "STANDARD", input.content, input.metadata);
      await inSubChannel(context, channelArn, (subChannelId) =>
        context.chime.updateMessage({
          ChannelArn: channelArn,
          MessageId: id,
          Content: input.content,
          Metadata: input.metadata ?? undefined,
          SubChannelId: subChannelId,
        }),
      );
      return getMessage(context, channelArn, id);
    },
    redactMessage: async (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      const id = messageId("messageId", args.messageId);
      await inSubChannel(context, channelArn, (subChannelId) =>
        context.chime.redactMessage(channelArn, id, subChannelId),
      );
      return getMessage(context, channelArn, id);
    },
    deleteMessage: async (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      const id = messageId("messageId", args.messageId);
      // Only an AppInstanceAdmin may delete messages: admins delete as the backend user (in a large
      // channel, in the caller's own sub-channel, where they saw the message).
      const admin = context.chimeAsAdmin();
      await inSubChannel(context, channelArn, (subChannelId) => admin.deleteMessage(channelArn, id, subChannelId));
      return ids.message(channelArn, id);
    },
    signalTyping: async (_parent, args, context) => {
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      const caller = context.identity.bearer;
      if (!context.typingSignals.tryAcquire(caller, channelArn)) return false;
      try {
        await inSubChannel(context, channelArn, (subChannelId) =>
          context.chime.sendMessage({
            ChannelArn: channelArn,
            Content: TYPING_SIGNAL_CONTENT,
            Type: "CONTROL",
            Persistence: "NON_PERSISTENT",
            SubChannelId: subChannelId,
          }),
        );
      } catch (error) {
        context.typingSignals.release(caller, channelArn);
        throw error;
      }
      return true;
    },
  },
  SendMessagePayload: {
    channelArn: (sent) => sent.ChannelArn,
    messageId: (sent) => sent.MessageId,
    status: (sent) => sent.Status ?? null,
    // NON_PERSISTENT messages are never stored, so there is nothing to read back; nor is a PENDING one
    // that its channel's moderation denied meanwhile (Chime keeps no denied message).
    message: (sent, _args, context) =>
      sent.Persistence === "NON_PERSISTENT"
        ? null
        : getMessage(context, sent.ChannelArn, sent.MessageId).catch((error: unknown) => {
            if (sent.Status?.Value === "PENDING" && error instanceof ChimeCallError && error.code === "NOT_FOUND")
              return null;
            throw error;
          }),
  },
  Message: {
    id: (message) => ids.message(message.ChannelArn, message.MessageId),
    channelArn: (message) => message.ChannelArn,
    messageId: (message) => message.MessageId,
    content: (message) => message.Content ?? null,
    metadata: (message) => message.Metadata ?? null,
    type: (message) => required(message.Type, "a message type"),
    sender: (message) => message.Sender ?? null,
    createdAt: (message) => required(message.CreatedTimestamp, "a creation time"),
    updatedAt: (message) => message.LastUpdatedTimestamp ?? null,
    editedAt: (message) => message.LastEditedTimestamp ?? null,
    redacted: (message) => message.Redacted ?? false,
    persistence: (message) => message.Persistence ?? null,
    status: (message) => message.Status ?? null,
  },
  MessageStatus: {
    value: (status) => required(status.Value, "a status value"),
    detail: (status) => status.Detail ?? null,
  },
};
