/**
 * The moderation processor's denials, kept where the API can read them: Chime keeps nothing of a
 * denied message ("we don't store them once the processor denies them"), so without this record no
 * one could tell its sender later why it never arrived. One DynamoDB item per denied message, keyed by
 * channel and message, with the sender (only they may read it) and the reason; DynamoDB's TTL removes
 * it after RETENTION_SECONDS. Never the message's content.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface Denial {
  channelArn: string;
  messageId: string;
  senderArn: string;
  reason: string;
  deniedAt: Date;
}

/** How long a denial can be looked up: a week, for senders who were offline when it happened. */
export const RETENTION_SECONDS = 7 * 24 * 60 * 60;

const keyOf = (channelArn: string, messageId: string) => ({ pk: { S: `denial|${channelArn}|${messageId}` } });

export class ModerationDecisions {
  constructor(
    private readonly client: Pick<DynamoDBClient, "send">,
    readonly table: string,
  ) {}

  async recordDenial(denial: Denial): Promise<void> {
    const epochSeconds = Math.floor(denial.deniedAt.getTime() / 1000);
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          ...keyOf(denial.channelArn, denial.messageId),
          senderArn: { S: denial.senderArn },
          reason: { S: denial.reason },
          deniedAt: { N: String(epochSeconds) },
          expiresAt: { N: String(epochSeconds + RETENTION_SECONDS) },
        },
      }),
    );
  }

  /** The denial of a message, if the processor denied it (and its record has not expired). */
  async denialOf(channelArn: string, messageId: string): Promise<Denial | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: keyOf(channelArn, messageId), ConsistentRead: true }),
    );
    const senderArn = Item?.senderArn?.S;
    const reason = Item?.reason?.S;
    const deniedAt = Number(Item?.deniedAt?.N);
    const expiresAt = Number(Item?.expiresAt?.N);
    // DynamoDB's TTL deletes within days, not at once: an expired item is treated as gone.
    if (!senderArn || !reason || !(expiresAt * 1000 > Date.now())) return undefined;
    return { channelArn, messageId, senderArn, reason, deniedAt: new Date(deniedAt * 1000) };
  }
}
