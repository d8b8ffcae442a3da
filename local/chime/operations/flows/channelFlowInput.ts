/**
 * What the channel flow operations share: finding a flow, checking a ProcessorList beyond the model,
 * and a flow's output shapes.
 */
import type { ChannelFlow, ChannelFlowSummary, Processor } from "@aws-sdk/client-chime-sdk-messaging";
import type { ChannelFlowRow, Store } from "../../../store/store";
import { processorsOf } from "../../channelFlows";
import { BadRequestError, ForbiddenError } from "../../errors";
import { quotaExceeded, type ResourceQuotas } from "../../quotas";

/**
 * The flow named by a developer API. Describe, Update, Delete and ListChannelsAssociatedWithChannelFlow
 * model no NotFoundException: a missing flow is ForbiddenException, as the service folds "not visible"
 * into 403.
 */
export function findChannelFlow(store: Pick<Store, "getChannelFlow">, arn: string): ChannelFlowRow {
  const flow = store.getChannelFlow(arn);
  if (!flow) throw new ForbiddenError("The channel flow does not exist.");
  return flow;
}

/**
 * A flow's processors, as stored: in ExecutionOrder, each order used once (the order is "the sequence
 * in which processors run"; two processors with the same place have no sequence: BadRequest, _reading_).
 * At most `processorsPerChannelFlow` of them ("We currently only support one processor per channel
 * flow", DG "Using channel flows"; raised on request): over it, `overQuota` says which error the
 * operation's model has for it (CreateChannelFlow models ResourceLimitExceededException,
 * UpdateChannelFlow does not: BadRequestException).
 */
export function storedProcessors(
  processors: Processor[],
  quotas: ResourceQuotas,
  overQuota: "ResourceLimitExceeded" | "BadRequest",
): string {
  if (processors.length > quotas.processorsPerChannelFlow) {
    const error = quotaExceeded(quotas, "processorsPerChannelFlow");
    throw overQuota === "BadRequest" ? new BadRequestError(error.message) : error;
  }
  const orders = processors.map((processor) => processor.ExecutionOrder);
  if (new Set(orders).size !== orders.length) {
    throw new BadRequestError("Each processor of a channel flow needs an ExecutionOrder of its own.");
  }
  const sorted = [...processors].sort((a, b) => (a.ExecutionOrder as number) - (b.ExecutionOrder as number));
  return JSON.stringify(sorted);
}

export function channelFlowView(row: ChannelFlowRow): ChannelFlow {
  return {
    ChannelFlowArn: row.arn,
    Name: row.name,
    Processors: processorsOf(row),
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
  };
}

export function channelFlowSummaryView(row: ChannelFlowRow): ChannelFlowSummary {
  return { ChannelFlowArn: row.arn, Name: row.name, Processors: processorsOf(row) };
}
