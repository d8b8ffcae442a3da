/**
 * A channel's expiration and large (elastic) channels: their inputs, checked with the Chime model's
 * limits before any call, and their fields on `Channel`.
 */
import type {
  ChannelMode,
  CreateChannelRequest,
  ElasticChannelConfiguration,
  ExpirationSettings,
} from "@aws-sdk/client-chime-sdk-messaging";
import { badUserInput } from "../errors";
import type { ChannelExpirationInput, ElasticChannelInput, InputMaybe, Resolvers } from "../generated/resolvers";
import { required } from "./shared";

/** ExpirationDays of the model: 1 to 5475 (15 years). */
const MAX_EXPIRATION_DAYS = 5475;
/** MinimumMembershipPercentage of the model. */
const MAX_MINIMUM_PERCENTAGE = 40;

function integerIn(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    throw badUserInput(field, `${field} must be ${range}.`, max === Number.MAX_SAFE_INTEGER ? min : max);
  }
  return value;
}

/** The settings of an expiration given, or undefined (none, or cleared with null). */
export function expirationSettings(
  field: string,
  input: InputMaybe<ChannelExpirationInput> | undefined,
): ExpirationSettings | undefined {
  if (!input) return undefined;
  return {
    ExpirationDays: integerIn(`${field}.days`, input.days, 1, MAX_EXPIRATION_DAYS),
    ExpirationCriterion: input.criterion ?? "CREATED_TIMESTAMP",
  };
}

function elasticConfiguration(field: string, input: ElasticChannelInput): ElasticChannelConfiguration {
  return {
    MaximumSubChannels: integerIn(`${field}.maximumSubChannels`, input.maximumSubChannels, 2),
    TargetMembershipsPerSubChannel: integerIn(
      `${field}.targetMembersPerSubChannel`,
      input.targetMembersPerSubChannel,
      2,
    ),
    MinimumMembershipPercentage: integerIn(
      `${field}.minimumMembershipPercentage`,
      input.minimumMembershipPercentage,
      1,
      MAX_MINIMUM_PERCENTAGE,
    ),
  };
}

/**
 * What CreateChannel takes for a large channel: its configuration, RESTRICTED unless asked otherwise
 * (Chime refuses an UNRESTRICTED elastic channel; its own default is UNRESTRICTED), and no members.
 */
export function largeChannel(
  field: string,
  input: InputMaybe<ElasticChannelInput> | undefined,
  mode: InputMaybe<ChannelMode> | undefined,
  memberArns: string[] | undefined,
): Pick<CreateChannelRequest, "ElasticChannelConfiguration" | "Mode"> {
  if (!input) return { Mode: mode ?? undefined };
  if (memberArns?.length) {
    throw badUserInput("input.memberArns", "A large channel is created without members: add them afterwards.");
  }
  return { ElasticChannelConfiguration: elasticConfiguration(field, input), Mode: mode ?? "RESTRICTED" };
}

export const channelSettingsResolvers: Resolvers = {
  Channel: {
    expiration: (channel) => channel.ExpirationSettings ?? null,
    elastic: (channel) => channel.ElasticChannelConfiguration ?? null,
  },
  ChannelExpiration: {
    days: (settings) => required(settings.ExpirationDays, "the expiration days"),
    criterion: (settings) => required(settings.ExpirationCriterion, "the expiration criterion"),
  },
  ElasticChannel: {
    maximumSubChannels: (configuration) => required(configuration.MaximumSubChannels, "MaximumSubChannels"),
    targetMembersPerSubChannel: (configuration) =>
      required(configuration.TargetMembershipsPerSubChannel, "TargetMembershipsPerSubChannel"),
    minimumMembershipPercentage: (configuration) =>
      required(configuration.MinimumMembershipPercentage, "MinimumMembershipPercentage"),
  },
};
