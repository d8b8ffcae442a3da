/** Channel messages: keyed by an integer sequence, paged by (channel, created, sequence). */
import type { ChannelStore } from "./channelStore";
import type { Database, Page } from "./database";

export type MessageType = "STANDARD" | "CONTROL";
/** A stored message's status besides SENT (NULL): a channel flow still processing it, or given up on. */
export type MessageFlowStatus = "PENDING" | "FAILED";

export interface MessageRow {
  seq: number;
  channelArn: string;
  messageId: string;
  type: MessageType;
  content: string | null;
  metadata: string | null;
  contentType: string | null;
  /** JSON of the model's MessageAttributes map. */
  messageAttributes: string | null;
  targetArn: string | null;
  senderArn: string;
  senderName: string | null;
  redacted: boolean;
  createdAt: number;
  updatedAt: number;
  editedAt: number | null;
  /** NULL: SENT, seen by every reader; PENDING or FAILED: seen by its sender only (channel flows). */
  status: MessageFlowStatus | null;
  statusDetail: string | null;
  /** The sub-channel of an elastic channel the message was sent in; null in other channels. */
  subChannelId: string | null;
}

export interface MessageCursor {
  createdAt: number;
  seq: number;
}

export interface MessageQuery {
  channelArn: string;
  order: "ASCENDING" | "DESCENDING";
  notBefore?: number;
  notAfter?: number;
  /** Targeted messages are listed only for their sender and target; unsent ones for their sender. */
  viewerArn: string;
  /** One sub-channel's messages, in an elastic channel. */
  subChannelId?: string;
  after?: MessageCursor;
  limit: number;
}

const MESSAGE = `seq, channel_arn AS channelArn, message_id AS messageId, type, content, metadata,
  content_type AS contentType, message_attributes AS messageAttributes, target_arn AS targetArn,
  sender_arn AS senderArn, sender_name AS senderName, redacted, created_at AS createdAt,
  updated_at AS updatedAt, edited_at AS editedAt, status, status_detail AS statusDetail,
  sub_channel_id AS subChannelId`;

/** SQLite has no boolean: `redacted` is stored as 0 or 1. */
const fromSql = (row: MessageRow): MessageRow => ({ ...row, redacted: Boolean(row.redacted) });

export function messageStore(db: Database, channels: Pick<ChannelStore, "touchLastMessage">) {
  return {
    /** Stores a message and, once it is SENT, moves its channel's last message time. */
    insertMessage(row: Omit<MessageRow, "seq">): MessageRow {
      const { lastInsertRowid } = db.run(
        `INSERT INTO channel_messages (channel_arn, message_id, type, content, metadata, content_type, message_attributes,
           target_arn, sender_arn, sender_name, redacted, created_at, updated_at, edited_at, status, status_detail,
           sub_channel_id)
         VALUES (@channelArn, @messageId, @type, @content, @metadata, @contentType, @messageAttributes,
           @targetArn, @senderArn, @senderName, @redacted, @createdAt, @updatedAt, @editedAt, @status, @statusDetail,
           @subChannelId)`,
        { ...row, redacted: row.redacted ? 1 : 0 },
      );
      if (row.status === null) channels.touchLastMessage(row.channelArn, row.createdAt);
      return { ...row, seq: lastInsertRowid };
    },

    /**
     * A flow's outcome for a stored message: SENT (null; the channel's last message time moves to the
     * message's creation), or FAILED with its detail.
     */
    setMessageStatus(
      row: Pick<MessageRow, "seq" | "channelArn" | "createdAt">,
      status: MessageFlowStatus | null,
      detail: string | null,
    ): void {
      db.run(`UPDATE channel_messages SET status = @status, status_detail = @detail WHERE seq = @seq`, {
        seq: row.seq,
        status,
        detail,
      });
      if (status === null) channels.touchLastMessage(row.channelArn, row.createdAt);
    },

    getMessage(channelArn: string, messageId: string): MessageRow | undefined {
      const row = db.get<MessageRow>(
        `SELECT ${MESSAGE} FROM channel_messages WHERE channel_arn = @channelArn AND message_id = @messageId`,
        { channelArn, messageId },
      );
      return row && fromSql(row);
    },

    updateMessage(
      seq: number,
      fields: Pick<MessageRow, "content" | "metadata" | "contentType" | "redacted" | "updatedAt" | "editedAt">,
    ): void {
      db.run(
        `UPDATE channel_messages SET content = @content, metadata = @metadata, content_type = @contentType,
           redacted = @redacted, updated_at = @updatedAt, edited_at = @editedAt WHERE seq = @seq`,
        { seq, ...fields, redacted: fields.redacted ? 1 : 0 },
      );
    },

    /**
     * A message as its channel flow delivers it: the processors' content, metadata and attributes, its
     * status (SENT: null) and times; a SENT one moves its channel's last message time.
     */
    deliverFlowMessage(row: MessageRow): void {
      db.run(
        `UPDATE channel_messages SET content = @content, metadata = @metadata, content_type = @contentType,
           message_attributes = @messageAttributes, updated_at = @updatedAt, edited_at = @editedAt, status = @status,
           status_detail = @statusDetail WHERE seq = @seq`,
        {
          seq: row.seq,
          content: row.content,
          metadata: row.metadata,
          contentType: row.contentType,
          messageAttributes: row.messageAttributes,
          updatedAt: row.updatedAt,
          editedAt: row.editedAt,
          status: row.status,
          statusDetail: row.statusDetail,
        },
      );
      if (row.status === null) channels.touchLastMessage(row.channelArn, row.createdAt);
    },

    deleteMessage(seq: number): void {
      db.run(`DELETE FROM channel_messages WHERE seq = @seq`, { seq });
    },

    listMessages(query: MessageQuery): Page<MessageRow> {
      const descending = query.order === "DESCENDING";
      const cursor = query.after
        ? descending
          ? `AND (created_at, seq) < (@afterCreatedAt, @afterSeq)`
          : `AND (created_at, seq) > (@afterCreatedAt, @afterSeq)`
        : "";
      const direction = descending ? "DESC" : "ASC";
      // A sub-channel's messages have an index of their own; an ordinary channel's query is unchanged.
      const scope =
        query.subChannelId === undefined
          ? "INDEXED BY messages_by_time WHERE channel_arn = @channelArn"
          : "INDEXED BY messages_by_sub_channel_time WHERE channel_arn = @channelArn AND sub_channel_id = @subChannelId";
      const page = db.page<MessageRow>(
        `SELECT ${MESSAGE} FROM channel_messages ${scope}
         AND created_at >= @notBefore AND created_at <= @notAfter ${cursor}
           AND (target_arn IS NULL OR target_arn = @viewerArn OR sender_arn = @viewerArn)
           AND (status IS NULL OR sender_arn = @viewerArn)
         ORDER BY created_at ${direction}, seq ${direction} LIMIT @limit`,
        {
          channelArn: query.channelArn,
          notBefore: query.notBefore ?? Number.MIN_SAFE_INTEGER,
          notAfter: query.notAfter ?? Number.MAX_SAFE_INTEGER,
          afterCreatedAt: query.after?.createdAt ?? 0,
          afterSeq: query.after?.seq ?? 0,
          viewerArn: query.viewerArn,
          subChannelId: query.subChannelId ?? null,
          limit: query.limit,
        },
      );
      return { ...page, items: page.items.map(fromSql) };
    },

    /** Retention: deletes the messages of the app instance's channels created before `before`. */
    deleteMessagesCreatedBefore(appInstanceArn: string, before: number): number {
      return db.run(
        `DELETE FROM channel_messages WHERE channel_arn IN (SELECT arn FROM channels WHERE app_instance_arn = @appInstanceArn)
           AND created_at < @before`,
        { appInstanceArn, before },
      ).changes;
    },
  };
}

export type MessageStore = ReturnType<typeof messageStore>;
