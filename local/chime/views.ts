/**
 * Stored rows -> the SDK's output shapes. Every operation that returns a channel, message, membership
 * or user goes through here, so each shape is built in one place.
 */
import type {
  AppInstance,
  AppInstanceUser,
  ExpirationSettings as UserExpirationSettings,
} from "@aws-sdk/client-chime-sdk-identity";
import type {
  Channel,
  ChannelMembership,
  ChannelMessage,
  ChannelMessageSummary,
  ChannelSummary,
  ElasticChannelConfiguration,
  ExpirationSettings as ChannelExpirationSettings,
  Identity,
  MessageAttributeValue,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { AppInstanceRow, AppInstanceUserRow, ChannelRow, MembershipRow, MessageRow, Store } from "../store/store";

const date = (millis: number | null): Date | undefined => (millis === null ? undefined : new Date(millis));
const optional = (value: string | null): string | undefined => value ?? undefined;
function parsed<T>(json: string | null): T | undefined {
  return json === null ? undefined : (JSON.parse(json) as T);
}

/** `{Arn, Name}` of a user; Name is the user's current name, absent once the user is deleted. */
export function identityOf(store: Pick<Store, "getUser">, arn: string): Identity {
  return { Arn: arn, Name: store.getUser(arn)?.name };
}

export function appInstanceView(row: AppInstanceRow): AppInstance {
  return {
    AppInstanceArn: row.arn,
    Name: row.name,
    Metadata: optional(row.metadata),
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
  };
}

export function appInstanceUserView(row: AppInstanceUserRow): AppInstanceUser {
  return {
    AppInstanceUserArn: row.arn,
    Name: row.name,
    Metadata: optional(row.metadata),
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
    ExpirationSettings: parsed<UserExpirationSettings>(row.expirationSettings),
  };
}

/** A channel: its summary and the rest. */
export function channelView(store: Pick<Store, "getUser">, row: ChannelRow): Channel {
  return {
    ...channelSummaryView(row),
    CreatedBy: identityOf(store, row.createdBy),
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
    ElasticChannelConfiguration: parsed<ElasticChannelConfiguration>(row.elasticConfiguration),
    ExpirationSettings: storedExpiration(row.expirationSettings),
  };
}

/**
 * Builds before the models' validation stored a channel's settings without ExpirationCriterion, which
 * the model requires: such settings are left out of the answer rather than sent incomplete.
 */
function storedExpiration(json: string | null): ChannelExpirationSettings | undefined {
  const settings = parsed<ChannelExpirationSettings>(json);
  return settings?.ExpirationCriterion === undefined || settings.ExpirationDays === undefined ? undefined : settings;
}

export function channelSummaryView(row: ChannelRow): ChannelSummary {
  return {
    Name: row.name,
    ChannelArn: row.arn,
    Mode: row.mode,
    Privacy: row.privacy,
    Metadata: optional(row.metadata),
    LastMessageTimestamp: date(row.lastMessageAt),
  };
}

/** `subChannelId`: the sub-channel of a membership of an elastic channel. */
export function membershipView(
  store: Pick<Store, "getUser">,
  row: MembershipRow,
  subChannelId?: string,
): ChannelMembership {
  return {
    InvitedBy: identityOf(store, row.invitedBy),
    Type: row.type,
    Member: identityOf(store, row.memberArn),
    ChannelArn: row.channelArn,
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
    SubChannelId: subChannelId,
  };
}

/**
 * A redacted message keeps its place in history with `Redacted: true`; its content and metadata are
 * gone ("returns null content" in the model), so both are omitted.
 */
export function messageSummaryView(row: MessageRow): ChannelMessageSummary {
  return {
    MessageId: row.messageId,
    Content: row.redacted ? undefined : optional(row.content),
    Metadata: row.redacted ? undefined : optional(row.metadata),
    Type: row.type,
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
    LastEditedTimestamp: date(row.editedAt),
    Sender: { Arn: row.senderArn, Name: optional(row.senderName) },
    Redacted: row.redacted,
    Status: { Value: row.status ?? "SENT", Detail: optional(row.statusDetail) },
    MessageAttributes: parsed<Record<string, MessageAttributeValue>>(row.messageAttributes),
    ContentType: optional(row.contentType),
    Target: row.targetArn === null ? undefined : [{ MemberArn: row.targetArn }],
  };
}

export function messageView(
  row: MessageRow,
  persistence: "PERSISTENT" | "NON_PERSISTENT" = "PERSISTENT",
): ChannelMessage {
  return {
    ...messageSummaryView(row),
    ChannelArn: row.channelArn,
    Persistence: persistence,
    SubChannelId: optional(row.subChannelId),
  };
}
