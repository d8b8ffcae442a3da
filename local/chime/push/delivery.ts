/**
 * Push delivery for a message sent with a `PushNotification`: who gets it, on which device, and what
 * would go to APNs or FCM, recorded in the push outbox instead of being sent. The decision per member
 * and device follows the developer guide's "Using mobile push notifications" pages; each rule carries
 * its source, or says _reading_ where the guide is silent and names the reading chosen.
 */
import type { PushNotificationConfiguration } from "@aws-sdk/client-chime-sdk-messaging";
import type { EndpointRow, PushAppRow, PushChannel, PushTarget, Store } from "../../store/store";
import type { Clock } from "../services";
import { matchesFilterRule, parseFilterRule, type MessageAttributes } from "./filterRule";

export interface PushedMessage {
  channelArn: string;
  /** An elastic channel's message lives in one sub-channel. */
  subChannelId: string | null;
  messageId: string;
  senderArn: string;
  /** The member a targeted message is for (only they and the sender see it). */
  targetArn: string | null;
  type: "STANDARD" | "CONTROL";
  persistence: "PERSISTENT" | "NON_PERSISTENT";
  attributes: MessageAttributes;
  push: PushNotificationConfiguration;
}

/** One push as the outbox shows it: where it went and what APNs or FCM would have received. */
export interface OutboxEntry {
  sentAt: string;
  userArn: string;
  endpointId: string;
  endpointType: EndpointRow["type"];
  deviceToken: string;
  pushAppArn: string;
  /** The push application's channel it went through. */
  pinpointChannel: PushChannel;
  channelArn: string;
  messageId: string;
  senderArn: string;
  pushType: "DEFAULT" | "VOIP";
  title?: string;
  body?: string;
  /** What the platform receives (APNs: the JSON payload; FCM: the message's data). */
  payload: Record<string, unknown>;
}

type Deps = {
  store: Pick<Store, "pushTargets" | "getPushApp" | "updateEndpoint" | "appendOutbox">;
  clock: Clock;
};

/**
 * The data AWS documents as "a typical push notification payload" (developer guide, "Receiving push
 * notifications"): Pinpoint's keys, with the message id and channel ARN in `pinpoint.jsonBody`.
 */
function pinpointData(message: PushedMessage): Record<string, string> {
  return {
    "pinpoint.openApp": "true",
    ...(message.push.Title === undefined ? {} : { "pinpoint.notification.title": message.push.Title }),
    ...(message.push.Body === undefined ? {} : { "pinpoint.notification.body": message.push.Body }),
    "pinpoint.campaign.campaign_id": "_DIRECT",
    "pinpoint.notification.silentPush": "0",
    "pinpoint.jsonBody": JSON.stringify({
      "chime.message_id": message.messageId,
      "chime.channel_arn": message.channelArn,
    }),
  };
}

/**
 * The payload per platform. FCM gets Pinpoint's keys as its data message, as AWS's Android sample reads
 * them (`remoteMessage.data["pinpoint.notification.title"]`, `["pinpoint.jsonBody"]`). APNs gets the
 * alert in `aps` and the same data under `data`, with `jsonBody` as an object: _reading_ of how
 * Pinpoint lays out an APNs payload, which the guide does not show.
 */
function payloadFor(platform: "APNs" | "FCM", message: PushedMessage, voip: boolean): Record<string, unknown> {
  const data = pinpointData(message);
  if (platform === "FCM") return { data };
  const { "pinpoint.jsonBody": jsonBody, ...pinpoint } = data;
  const alert = {
    ...(message.push.Title === undefined ? {} : { title: message.push.Title }),
    ...(message.push.Body === undefined ? {} : { body: message.push.Body }),
  };
  return {
    // A VoIP push wakes the app through PushKit, which shows nothing by itself: no alert.
    aps: voip ? {} : { alert },
    data: { ...pinpoint, jsonBody: JSON.parse(jsonBody) as unknown },
  };
}

/**
 * The push application's channel and token for a device, or undefined when the app cannot reach it.
 * VOIP: "To send a push notification as an APNs VoIP push, set the type ... to VOIP" (developer guide):
 * an APNs device gets it on its VoipDeviceToken through the app's VoIP channel, and nothing without a
 * VoIP token; an FCM device, which has no VoIP kind of message, gets its usual data message (_reading_).
 */
function route(
  app: PushAppRow,
  endpoint: EndpointRow,
  voip: boolean,
): { channel: PushChannel; token: string; platform: "APNs" | "FCM" } | undefined {
  if (endpoint.type === "GCM")
    return app.channels.includes("GCM") ? { channel: "GCM", token: endpoint.deviceToken, platform: "FCM" } : undefined;
  const sandbox = endpoint.type === "APNS_SANDBOX";
  const channel: PushChannel = voip ? (sandbox ? "APNS_VOIP_SANDBOX" : "APNS_VOIP") : sandbox ? "APNS_SANDBOX" : "APNS";
  const token = voip ? endpoint.voipDeviceToken : endpoint.deviceToken;
  // Without the channel, Pinpoint refuses the send: on AWS a failure event, the endpoint left as it is.
  return token !== null && app.channels.includes(channel) ? { channel, token, platform: "APNs" } : undefined;
}

/** Whether the member's preferences let this message through (guide: "Disabling or filtering ..."). */
function allowedByPreferences(target: PushTarget, attributes: MessageAttributes): boolean {
  switch (target.allowNotifications) {
    case "NONE":
      return false;
    case "FILTERED":
      // Stored rules were checked when put; a FILTERED preference without a rule filters nothing out.
      return target.filterRule === null || matchesFilterRule(parseFilterRule(target.filterRule), attributes);
    default:
      // ALL, or no preferences: "By default, all the members of a push notification channel receive the
      // push notifications, including message senders."
      return true;
  }
}

/**
 * Decides and records the pushes of one message; returns what went to the outbox. Runs inside the
 * message's own transaction (SendChannelMessage's idempotent create), so a retried send pushes nothing twice.
 */
export function deliverPushes({ store, clock }: Deps, message: PushedMessage): OutboxEntry[] {
  // NON_PERSISTENT messages "are sent to every AppInstanceUser connected via WebSocket" (guide, "Message
  // types"): they reach connected members only, and a push's data names a message to load that is never
  // stored. No push (_reading_). CONTROL messages are pushed like STANDARD ones: the guide and the model
  // put PushNotification on every SendChannelMessage and exclude no type (_reading_).
  if (message.persistence === "NON_PERSISTENT") return [];
  const now = clock.now();
  const apps = new Map<string, PushAppRow | undefined>();
  const entries: OutboxEntry[] = [];
  const voip = message.push.Type === "VOIP";
  // An elastic channel's message goes to its sub-channel's members only, as its events do: "The system
  // never allows messages from one sub-channel to appear in other sub-channels" (_reading_ for pushes,
  // which the guide does not mention for elastic channels). They have no preferences ("Elastic channels
  // don't support ... membership preferences"): Chime's default, every device, the sender's too.
  for (const target of store.pushTargets(message.channelArn, message.subChannelId ?? undefined)) {
    // Members only (a ban removes the membership, so banned and removed users get nothing). Hidden members
    // are members and hear the channel's events: they get pushes too (_reading_). A targeted message goes
    // only to its sender and its target, who alone can see it (the model's Target documentation).
    if (message.targetArn !== null && target.memberArn !== message.targetArn && target.memberArn !== message.senderArn)
      continue;
    const { endpoint } = target;
    // INACTIVE: "can't receive message" (EndpointState); AllowMessages NONE: "the endpoint will receive no
    // messages" (the model). The sender gets their own push unless a filter rule keeps it out (guide).
    if (endpoint.status !== "ACTIVE" || endpoint.allowMessages !== "ALL") continue;
    if (!allowedByPreferences(target, message.attributes)) continue;
    if (!apps.has(endpoint.resourceArn)) apps.set(endpoint.resourceArn, store.getPushApp(endpoint.resourceArn));
    const app = apps.get(endpoint.resourceArn);
    if (!app) {
      // "The specified resource was not found. AppInstanceUserEndpoint will be deactivated." (guide,
      // "Debugging push notification failures").
      store.updateEndpoint(endpoint.endpointId, {
        ...endpoint,
        status: "INACTIVE",
        statusReason: "INVALID_PINPOINT_ARN",
        updatedAt: now.getTime(),
      });
      continue;
    }
    const way = route(app, endpoint, voip);
    if (!way) continue;
    entries.push({
      sentAt: now.toISOString(),
      userArn: target.memberArn,
      endpointId: endpoint.endpointId,
      endpointType: endpoint.type,
      deviceToken: way.token,
      pushAppArn: app.arn,
      pinpointChannel: way.channel,
      channelArn: message.channelArn,
      messageId: message.messageId,
      senderArn: message.senderArn,
      pushType: voip ? "VOIP" : "DEFAULT",
      title: message.push.Title,
      body: message.push.Body,
      payload: payloadFor(way.platform, message, voip),
    });
  }
  if (entries.length > 0) {
    store.appendOutbox(
      entries.map((entry) => ({
        userArn: entry.userArn,
        endpointId: entry.endpointId,
        channelArn: entry.channelArn,
        messageId: entry.messageId,
        entry: JSON.stringify(entry),
        createdAt: now.getTime(),
      })),
    );
  }
  return entries;
}
