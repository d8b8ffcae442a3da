/**
 * What resolvers really hold for each GraphQL type: the Chime SDK shapes (codegen's `mappers`).
 * Lists return summaries with fewer members than the single reads, so optional members stay optional.
 */
import type {
  ChannelBan,
  ChannelMembershipForAppInstanceUserSummary,
  ChannelMembershipType,
  ChannelMessagePersistenceType,
  ChannelMessageStatusStructure,
  ChannelMessageSummary,
  ChannelModerator,
  ChannelSummary,
  Channel as ChimeChannel,
  ElasticChannelConfiguration,
  ExpirationSettings,
  Identity,
  MessagingSessionEndpoint,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { AppInstanceUserEndpoint, AppInstanceUserEndpointSummary } from "@aws-sdk/client-chime-sdk-identity";
import type { CallerIdentity } from "../auth/identity";
import type { VendedCredentials } from "../credentials/vendor";

/** `Identity` ({Arn, Name}) of a user. */
export type UserModel = Identity;

export type MeModel = CallerIdentity;

/** `Channel` from DescribeChannel, or `ChannelSummary` from the lists. */
export type ChannelModel = ChannelSummary &
  Partial<
    Pick<
      ChimeChannel,
      "CreatedBy" | "CreatedTimestamp" | "LastUpdatedTimestamp" | "ExpirationSettings" | "ElasticChannelConfiguration"
    >
  >;

export type MyChannelModel = ChannelMembershipForAppInstanceUserSummary;

/** `ChannelMembership` from DescribeChannelMembership, or a list entry with the channel added. */
export interface MembershipModel {
  ChannelArn: string;
  Member: Identity;
  Type?: ChannelMembershipType;
  InvitedBy?: Identity;
  CreatedTimestamp?: Date;
}

export type ModeratorModel = ChannelModerator & { ChannelArn: string; Moderator: Identity };

export type BanModel = ChannelBan & { ChannelArn: string; Member: Identity };

/** `ChannelMessage` from GetChannelMessage, or `ChannelMessageSummary` from the list with the channel added. */
export type MessageModel = ChannelMessageSummary & {
  ChannelArn: string;
  MessageId: string;
  Persistence?: ChannelMessagePersistenceType;
};

export type MessageStatusModel = ChannelMessageStatusStructure;

export interface SendMessageModel {
  ChannelArn: string;
  MessageId: string;
  Status?: ChannelMessageStatusStructure;
  Persistence: ChannelMessagePersistenceType;
}

export type MessagingSessionEndpointModel = MessagingSessionEndpoint;

export type ChannelExpirationModel = ExpirationSettings;

export type ElasticChannelModel = ElasticChannelConfiguration;

/** A vended STS session (its secrets hidden from logs) and where to use it. */
export interface ChimeCredentialsModel {
  credentials: VendedCredentials;
  region: string;
  appInstanceArn: string;
  userArn: string;
  messagingSessionEndpoint: string;
}

/** `AppInstanceUserEndpoint` from Register/Describe, or the summary ListAppInstanceUserEndpoints gives. */
export type DeviceModel = AppInstanceUserEndpointSummary & Partial<Pick<AppInstanceUserEndpoint, "CreatedTimestamp">>;
