/**
 * Channel flows at work: a STANDARD message sent or edited on a channel with a flow goes through the
 * flow's processors, in ExecutionOrder, before anyone but its sender hears of it. From the developer
 * guide ("Using channel flows to process messages" and its pages on processors, creating flows and
 * sending messages) and the API reference:
 *
 * - What goes through a flow: new persistent and non-persistent STANDARD messages and updates of
 *   persistent ones; never CONTROL messages (flowFor).
 * - Until the flow is done the message is PENDING, and only its sender hears of it
 *   (PENDING_CREATE/PENDING_UPDATE_CHANNEL_MESSAGE). Reading: a pending persistent message is stored,
 *   and its sender alone reads it (ListChannelMessages, GetChannelMessage, GetChannelMessageStatus),
 *   with its status; ListChannelMessages's Status is documented as "the processing stage" for flow
 *   channels, so a list does show unsent messages to someone, and only the sender has heard of them.
 * - Each processor is invoked as Chime invokes a Lambda (lambdaInvoker.ts), with the event the guide
 *   documents (processorEvent), and answers with ChannelFlowCallback: unchanged, changed (content,
 *   metadata, attributes), or denied (DeleteResource). After the last processor the message is SENT:
 *   CREATE/UPDATE_CHANNEL_MESSAGE to the members. A denied message reaches nobody but its sender
 *   (DENIED_*) and is not stored ("we don't store them": GetChannelMessageStatus has nothing for it);
 *   a denied update leaves the message as it was (_reading_).
 * - A processor that cannot be invoked gets its FallbackAction: ABORT makes the message FAILED (stored
 *   with that status for its sender, FAILED_* to them), CONTINUE passes it on as it is (to the next
 *   processor, or SENT after the last).
 * - The processor has 48 hours to call back ("We do not guarantee message delivery after that, and the
 *   ChannelFlowCallback API throws a Forbidden Exception"). _Reading_: a processor silent for 48 hours
 *   has failed like one that cannot be invoked, so its FallbackAction settles the message then (the
 *   endpoint looks every few seconds, and at a late callback).
 * - A new message's PushNotification goes with it through the flow, and its pushes go out when it is
 *   SENT (never for a denied or failed one); a processor's callback may give another (the callback's
 *   ChannelMessage has a PushNotification member). _Reading_: the guide says nothing of push and flows
 *   together; a push announces a message its recipients can read, so it waits for the message.
 */
import { randomBytes } from "node:crypto";
import type {
  ChannelMessageStatusStructure,
  MessageAttributeValue,
  Processor,
  PushNotificationConfiguration,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { ChannelFlowCallbackRow, ChannelFlowRow, FlowMessageKind, MessageRow, Store } from "../store/store";
import type { ChannelEventType } from "./events";
import { publishMessageEvent } from "./operations/messages/messageEvents";
import type { Services } from "./services";
import { deliverPushes } from "./push/delivery";
import { messageView } from "./views";

/** DG "Setting up a Channel Processor": the processor has 48 hours to send back its results. */
export const CALLBACK_WINDOW_MS = 48 * 60 * 60 * 1000;

export type FlowServices = Pick<Services, "store" | "clock" | "events" | "lambda">;

/** A message as a flow carries it: the stored row's fields (a NON_PERSISTENT one is never stored). */
export type FlowMessage = Omit<MessageRow, "seq">;

type Persistence = "PERSISTENT" | "NON_PERSISTENT";

/** What an invocation carries: the message, and a new message's push configuration (if it has one). */
interface Carried {
  message: FlowMessage;
  push?: PushNotificationConfiguration;
}

/** The callback row's `message` column: the message's fields, and `pushNotification` when there is one. */
function carriedJson(message: FlowMessage, push: PushNotificationConfiguration | undefined): string {
  return JSON.stringify(push ? { ...message, pushNotification: push } : message);
}

function carried(callback: ChannelFlowCallbackRow): Carried {
  const { pushNotification, ...message } = JSON.parse(callback.message) as FlowMessage & {
    pushNotification?: PushNotificationConfiguration;
  };
  return { message, push: pushNotification };
}

export const INVOCATION_FAILED = "The channel flow's processor could not be invoked.";
export const CALLBACK_TIMED_OUT = "The channel flow's processor did not call back within 48 hours.";
const FLOW_GONE = "The channel flow's processor no longer exists.";

/** The flow's processors in ExecutionOrder (stored sorted). */
export function processorsOf(flow: ChannelFlowRow): Processor[] {
  return JSON.parse(flow.processors) as Processor[];
}

/** The flow a message goes through: the channel's, for STANDARD messages only ("don't process Control"). */
export function flowFor(
  store: Pick<Store, "getChannelFlowArn" | "getChannelFlow">,
  channelArn: string,
  type: string,
): ChannelFlowRow | undefined {
  if (type !== "STANDARD") return undefined;
  const flowArn = store.getChannelFlowArn(channelArn);
  return flowArn === undefined ? undefined : store.getChannelFlow(flowArn);
}

/** The CallbackId given to a processor: unguessable, 64 characters (the model allows 32 to 64). */
function newCallbackId(): string {
  return randomBytes(32).toString("hex");
}

function sendToSender(
  services: Pick<FlowServices, "events">,
  type: Extract<ChannelEventType, `${"PENDING" | "DENIED" | "FAILED"}_${string}`>,
  message: FlowMessage,
  persistence: Persistence,
  status: ChannelMessageStatusStructure,
): void {
  const payload = { ...messageView({ ...message, seq: 0 }, persistence), Status: status };
  services.events.publish({ type, messageType: "STANDARD", payload, recipients: [message.senderArn] });
}

/**
 * Starts a message through its flow, inside the operation's transaction: the first processor's
 * invocation is recorded and the sender told PENDING. Returns the CallbackId to dispatch once the
 * transaction has committed (dispatchFlow).
 */
export function beginFlow(
  services: Pick<FlowServices, "store" | "clock" | "events">,
  flow: ChannelFlowRow,
  kind: FlowMessageKind,
  message: FlowMessage,
  persistence: Persistence,
  push?: PushNotificationConfiguration,
): string {
  const now = services.clock.now().getTime();
  const callbackId = newCallbackId();
  services.store.insertFlowCallback({
    callbackId,
    channelArn: message.channelArn,
    messageId: message.messageId,
    flowArn: flow.arn,
    kind,
    step: 0,
    persistence,
    message: carriedJson(message, push),
    createdAt: now,
    deadlineAt: now + CALLBACK_WINDOW_MS,
  });
  const type = kind === "CREATE" ? "PENDING_CREATE_CHANNEL_MESSAGE" : "PENDING_UPDATE_CHANNEL_MESSAGE";
  sendToSender(services, type, message, persistence, { Value: "PENDING" });
  return callbackId;
}

/**
 * The processor's input, as DG "Setting up a Channel Processor" documents it ("Invoking processor
 * Lambda functions"): EventType CHANNEL_MESSAGE_EVENT, the CallbackId, and the message's MessageId,
 * ChannelArn, Content, Metadata, Sender {Arn, Name}, Persistence, LastEditedTimestamp, Type and
 * CreatedTimestamp. The guide types the timestamps as strings: they are ISO 8601, as in the service's
 * WebSocket payloads. Members without a value are left out.
 *
 * A message of an elastic channel's sub-channel also carries its SubChannelId. _Reading_: the guide's
 * event predates elastic channels and lists none, but elastic channels run flows (DG "Using elastic
 * channels": "Additional supported features"), their message payloads "contain the subChannelId
 * field" (DG "Understanding WebSocket system messages in elastic channels"), and ChannelFlowCallback's
 * ChannelMessage has a SubChannelId the processor can only take from here. Other messages are as the
 * guide shows them.
 */
export function processorEvent(callback: ChannelFlowCallbackRow): string {
  const { message } = carried(callback);
  return JSON.stringify({
    EventType: "CHANNEL_MESSAGE_EVENT",
    CallbackId: callback.callbackId,
    ChannelMessage: {
      MessageId: message.messageId,
      ChannelArn: message.channelArn,
      Content: message.content ?? undefined,
      Metadata: message.metadata ?? undefined,
      Sender: { Arn: message.senderArn, Name: message.senderName ?? undefined },
      Persistence: callback.persistence,
      LastEditedTimestamp: message.editedAt === null ? undefined : new Date(message.editedAt).toISOString(),
      Type: message.type,
      CreatedTimestamp: new Date(message.createdAt).toISOString(),
      SubChannelId: message.subChannelId ?? undefined,
    },
  });
}

/** The sub-channel of the message an invocation carries (undefined outside elastic channels). */
export function messageSubChannelId(callback: ChannelFlowCallbackRow): string | undefined {
  return carried(callback).message.subChannelId ?? undefined;
}

function processorAt(store: Pick<Store, "getChannelFlow">, callback: ChannelFlowCallbackRow): Processor | undefined {
  const flow = store.getChannelFlow(callback.flowArn);
  return flow ? processorsOf(flow)[callback.step] : undefined;
}

/** "The Lambda function must be in the same AWS account and the same AWS Regions as the AppInstance." */
function sameAccountAndRegion(functionArn: string, channelArn: string): boolean {
  const [, , , lambdaRegion, lambdaAccount] = functionArn.split(":");
  const [, , , chimeRegion, chimeAccount] = channelArn.split(":");
  return lambdaRegion === chimeRegion && lambdaAccount === chimeAccount;
}

/**
 * Invokes the processor of a recorded invocation, after the operation's answer has gone. A processor
 * that cannot be invoked gets its FallbackAction (processorFailed); what the function does after
 * accepting the event is its own affair, as with Lambda's asynchronous invocation.
 */
export async function dispatchFlow(services: FlowServices, callbackId: string): Promise<void> {
  const callback = services.store.getFlowCallback(callbackId);
  if (!callback) return;
  const processor = processorAt(services.store, callback);
  const functionArn = processor?.Configuration?.Lambda?.ResourceArn;
  try {
    if (functionArn === undefined || !sameAccountAndRegion(functionArn, callback.channelArn)) {
      throw new Error("The processor's function is not in the app instance's account and region.");
    }
    await services.lambda.invokeAsync(functionArn, processorEvent(callback));
  } catch {
    processorFailed(services, callbackId, INVOCATION_FAILED);
  }
}

/** Runs `settle` in a transaction, then dispatches the next processor it started, if any. */
function settleThenDispatch(services: FlowServices, settle: () => string | undefined): void {
  const next = services.store.transaction(settle);
  if (next !== undefined) scheduleDispatch(services, next);
}

/** Dispatches after the current operation has answered (and its transaction has committed). */
export function scheduleDispatch(services: FlowServices, callbackId: string): void {
  setImmediate(() => {
    // A store closed meanwhile (the endpoint stopping) leaves nothing to do.
    dispatchFlow(services, callbackId).catch(() => undefined);
  });
}

/**
 * A processor could not be invoked, or did not call back in time: its FallbackAction decides. ABORT
 * (and a processor that no longer exists) makes the message FAILED; CONTINUE passes it on unchanged.
 */
export function processorFailed(services: FlowServices, callbackId: string, detail: string): void {
  settleThenDispatch(services, () => {
    const callback = services.store.getFlowCallback(callbackId);
    if (!callback) return undefined; // settled meanwhile (its callback came)
    const processor = processorAt(services.store, callback);
    const { message, push } = carried(callback);
    if (processor?.FallbackAction === "CONTINUE") return proceed(services, callback, message, push);
    finish(services, callback, message, { Value: "FAILED", Detail: processor ? detail : FLOW_GONE });
    return undefined;
  });
}

/** The processor's ChannelFlowCallback, already validated: the message changed as it says, or denied. */
export function applyCallback(
  services: FlowServices,
  callback: ChannelFlowCallbackRow,
  outcome: { deny: boolean; changes: Partial<FlowMessage>; push?: PushNotificationConfiguration },
): string | undefined {
  const held = carried(callback);
  const message = { ...held.message, ...outcome.changes };
  if (outcome.deny) {
    finish(services, callback, message, { Value: "DENIED" });
    return undefined;
  }
  return proceed(services, callback, message, outcome.push ?? held.push);
}

/**
 * Passes the message to the next processor (returning its CallbackId, to dispatch once committed) or,
 * after the last one, delivers it.
 */
function proceed(
  services: Pick<FlowServices, "store" | "clock" | "events">,
  callback: ChannelFlowCallbackRow,
  message: FlowMessage,
  push: PushNotificationConfiguration | undefined,
): string | undefined {
  const flow = services.store.getChannelFlow(callback.flowArn);
  const processors = flow ? processorsOf(flow) : [];
  if (callback.step + 1 >= processors.length) {
    finish(services, callback, message, { Value: "SENT" }, push);
    return undefined;
  }
  services.store.deleteFlowCallback(callback.callbackId);
  const now = services.clock.now().getTime();
  const next = {
    ...callback,
    callbackId: newCallbackId(),
    step: callback.step + 1,
    message: carriedJson(message, push),
    createdAt: now,
    deadlineAt: now + CALLBACK_WINDOW_MS,
  };
  services.store.insertFlowCallback(next);
  return next.callbackId;
}

/** The flow is done with the message: SENT to the members, or DENIED or FAILED to its sender. */
function finish(
  services: Pick<FlowServices, "store" | "clock" | "events">,
  callback: ChannelFlowCallbackRow,
  message: FlowMessage,
  status: ChannelMessageStatusStructure & { Value: "SENT" | "DENIED" | "FAILED" },
  push?: PushNotificationConfiguration,
): void {
  const { store, events } = services;
  store.deleteFlowCallback(callback.callbackId);
  const stored =
    callback.persistence === "PERSISTENT" ? store.getMessage(message.channelArn, message.messageId) : undefined;
  // A stored message deleted meanwhile (DeleteChannelMessage) has nothing left to deliver.
  if (callback.persistence === "PERSISTENT" && !stored) return;
  const create = callback.kind === "CREATE";
  if (status.Value === "SENT") {
    const delivered = create
      ? { ...message, updatedAt: services.clock.now().getTime(), status: null, statusDetail: null }
      : { ...message, status: stored?.status ?? null, statusDetail: stored?.statusDetail ?? null };
    if (stored) store.deliverFlowMessage({ ...delivered, seq: stored.seq });
    const type = create ? "CREATE_CHANNEL_MESSAGE" : "UPDATE_CHANNEL_MESSAGE";
    publishMessageEvent(events, store, type, { ...delivered, seq: stored?.seq ?? 0 }, callback.persistence);
    if (create && push) {
      deliverPushes(services, {
        channelArn: message.channelArn,
        subChannelId: message.subChannelId,
        messageId: message.messageId,
        senderArn: message.senderArn,
        targetArn: message.targetArn,
        type: message.type,
        persistence: callback.persistence,
        attributes: message.messageAttributes
          ? (JSON.parse(message.messageAttributes) as Record<string, MessageAttributeValue>)
          : {},
        push,
      });
    }
    return;
  }
  if (create && stored) {
    // A denied message is not kept; a failed one stays, FAILED, for its sender.
    if (status.Value === "DENIED") store.deleteMessage(stored.seq);
    else store.setMessageStatus(stored, "FAILED", status.Detail ?? null);
  }
  const kind = create ? "CREATE" : "UPDATE";
  sendToSender(services, `${status.Value}_${kind}_CHANNEL_MESSAGE`, message, callback.persistence, status);
}

/** Settles the invocations whose 48 hours have passed without a callback. */
export function settleExpiredFlows(services: FlowServices): void {
  const now = services.clock.now().getTime();
  for (const callback of services.store.listExpiredFlowCallbacks(now, 100)) {
    processorFailed(services, callback.callbackId, CALLBACK_TIMED_OUT);
  }
}
