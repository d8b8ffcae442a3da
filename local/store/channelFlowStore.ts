/**
 * Channel flows: the flows of an app instance, which channel runs which flow (at most one per
 * channel), and the processor invocations awaiting their ChannelFlowCallback. A message a flow is
 * processing lives in channel_messages with status PENDING (persistent creates); an update or a
 * NON_PERSISTENT message lives only in its callback row until the flow delivers it.
 */
import { CHANNEL, type ChannelRow } from "./channelStore";
import type { Database, Page } from "./database";

export interface ChannelFlowRow {
  arn: string;
  appInstanceArn: string;
  name: string;
  /** JSON of the model's ProcessorList, in ExecutionOrder. */
  processors: string;
  createdAt: number;
  updatedAt: number;
}

export type FlowMessageKind = "CREATE" | "UPDATE";

export interface ChannelFlowCallbackRow {
  callbackId: string;
  channelArn: string;
  messageId: string;
  flowArn: string;
  kind: FlowMessageKind;
  /** The invoked processor's position in the flow's ExecutionOrder, from 0. */
  step: number;
  persistence: "PERSISTENT" | "NON_PERSISTENT";
  /** JSON of the message as the flow will deliver it (content, metadata, ...). */
  message: string;
  createdAt: number;
  deadlineAt: number;
}

const FLOW = `arn, app_instance_arn AS appInstanceArn, name, processors, created_at AS createdAt, updated_at AS updatedAt`;
const CALLBACK = `callback_id AS callbackId, channel_arn AS channelArn, message_id AS messageId, flow_arn AS flowArn,
  kind, step, persistence, message, created_at AS createdAt, deadline_at AS deadlineAt`;

export function channelFlowStore(db: Database) {
  return {
    // Flows

    insertChannelFlow(row: ChannelFlowRow): void {
      db.run(
        `INSERT INTO channel_flows (arn, app_instance_arn, name, processors, created_at, updated_at)
         VALUES (@arn, @appInstanceArn, @name, @processors, @createdAt, @updatedAt)`,
        { ...row },
      );
    },

    getChannelFlow(arn: string): ChannelFlowRow | undefined {
      return db.get(`SELECT ${FLOW} FROM channel_flows WHERE arn = @arn`, { arn });
    },

    updateChannelFlow(arn: string, fields: Pick<ChannelFlowRow, "name" | "processors" | "updatedAt">): void {
      db.run(
        `UPDATE channel_flows SET name = @name, processors = @processors, updated_at = @updatedAt WHERE arn = @arn`,
        {
          arn,
          ...fields,
        },
      );
    },

    deleteChannelFlow(arn: string): void {
      db.run(`DELETE FROM channel_flows WHERE arn = @arn`, { arn });
    },

    listChannelFlows(appInstanceArn: string, after: string | undefined, limit: number): Page<ChannelFlowRow> {
      return db.page(
        `SELECT ${FLOW} FROM channel_flows WHERE app_instance_arn = @appInstanceArn AND arn > @after ORDER BY arn LIMIT @limit`,
        { appInstanceArn, after: after ?? "", limit },
      );
    },

    // Associations

    /** The flow a channel runs, if any: one point lookup, on every send. */
    getChannelFlowArn(channelArn: string): string | undefined {
      return db.get<{ flowArn: string }>(
        `SELECT flow_arn AS flowArn FROM channel_flow_associations WHERE channel_arn = @channelArn`,
        { channelArn },
      )?.flowArn;
    },

    associateChannelFlow(channelArn: string, flowArn: string, at: number): void {
      db.run(
        `INSERT INTO channel_flow_associations (channel_arn, flow_arn, created_at) VALUES (@channelArn, @flowArn, @at)`,
        { channelArn, flowArn, at },
      );
    },

    disassociateChannelFlow(channelArn: string): void {
      db.run(`DELETE FROM channel_flow_associations WHERE channel_arn = @channelArn`, { channelArn });
    },

    countChannelsOfFlow(flowArn: string): number {
      return db.count(`SELECT count(*) AS n FROM channel_flow_associations WHERE flow_arn = @flowArn`, { flowArn });
    },

    listChannelsOfFlow(flowArn: string, after: string | undefined, limit: number): Page<ChannelRow> {
      return db.page(
        `SELECT ${CHANNEL} FROM channels WHERE arn IN (
           SELECT channel_arn FROM channel_flow_associations WHERE flow_arn = @flowArn AND channel_arn > @after)
         ORDER BY arn LIMIT @limit`,
        { flowArn, after: after ?? "", limit },
      );
    },

    // Processor invocations awaiting their callback

    insertFlowCallback(row: ChannelFlowCallbackRow): void {
      db.run(
        `INSERT INTO channel_flow_callbacks (callback_id, channel_arn, message_id, flow_arn, kind, step, persistence,
           message, created_at, deadline_at)
         VALUES (@callbackId, @channelArn, @messageId, @flowArn, @kind, @step, @persistence, @message, @createdAt,
           @deadlineAt)`,
        { ...row },
      );
    },

    getFlowCallback(callbackId: string): ChannelFlowCallbackRow | undefined {
      return db.get(`SELECT ${CALLBACK} FROM channel_flow_callbacks WHERE callback_id = @callbackId`, { callbackId });
    },

    /** Whether a message has a flow still processing it (a create, or an update of it). */
    hasFlowCallback(channelArn: string, messageId: string): boolean {
      return (
        db.get(
          `SELECT 1 AS found FROM channel_flow_callbacks WHERE channel_arn = @channelArn AND message_id = @messageId LIMIT 1`,
          { channelArn, messageId },
        ) !== undefined
      );
    },

    /** Removes a settled invocation; false when another settlement got there first. */
    deleteFlowCallback(callbackId: string): boolean {
      return db.run(`DELETE FROM channel_flow_callbacks WHERE callback_id = @callbackId`, { callbackId }).changes > 0;
    },

    /** Invocations whose callback window closed before `at`, oldest first. */
    listExpiredFlowCallbacks(at: number, limit: number): ChannelFlowCallbackRow[] {
      return db.all(
        `SELECT ${CALLBACK} FROM channel_flow_callbacks WHERE deadline_at < @at ORDER BY deadline_at LIMIT @limit`,
        { at, limit },
      );
    },
  };
}

export type ChannelFlowStore = ReturnType<typeof channelFlowStore>;
