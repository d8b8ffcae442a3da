/**
 * Chime's resource quotas, as AWS publishes them, enforced with ResourceLimitExceededException (400, as
 * the models declare it). One table: each quota's default, what it counts and its source. Any value can
 * be overridden when the endpoint starts (LOCAL_AWS_QUOTAS, docs/local-endpoint.md), e.g. to reach a
 * limit in a test without creating 10,000 memberships.
 *
 * Sources: "Amazon Chime SDK endpoints and quotas" (AWS General Reference), sections "Amazon Chime SDK
 * Identity quotas" (GR-Identity) and "Amazon Chime SDK Messaging quotas" (GR-Messaging); the developer
 * guide's earlier "Messaging quotas" table gives the same numbers. All are adjustable on AWS, per
 * region, through Service Quotas. An elastic channel is bounded by its own configuration instead of
 * membershipsPerChannel (MaximumSubChannels × TargetMembershipsPerSubChannel members: elastic.ts).
 */
import { ResourceLimitExceededError } from "./errors";

export const RESOURCE_QUOTAS = {
  appInstancesPerAccount: {
    default: 100,
    counts: "app instances per account",
    source: "GR-Identity: Maximum AppInstances per AWS Account",
  },
  usersPerAppInstance: {
    default: 100_000,
    counts: "users per app instance",
    source: "GR-Identity: Maximum AppInstanceUsers per AppInstance",
  },
  adminsPerAppInstance: {
    default: 100,
    counts: "admins per app instance",
    source: "GR-Identity: Maximum AppInstanceUserAdmins per AppInstance",
  },
  channelsPerAppInstance: {
    default: 10_000_000,
    counts: "channels per app instance",
    source: "GR-Messaging: Maximum Channels per AppInstance",
  },
  membershipsPerChannel: {
    default: 10_000,
    counts: "memberships per channel",
    source: "GR-Messaging: Maximum ChannelMemberships per Channel",
  },
  membershipsPerUser: {
    default: 20_000,
    counts: "channel memberships per app instance user",
    source: "GR-Messaging: Maximum ChannelMemberships per AppInstanceUser",
  },
  moderatorsPerChannel: {
    default: 1_000,
    counts: "moderators per channel",
    source: "GR-Messaging: Maximum ChannelModerators per Channel",
  },
  endpointsPerUser: {
    default: 10,
    counts: "endpoints per app instance user",
    source: "GR-Identity: Maximum AppInstanceUserEndpoints per AppInstanceUser",
  },
  processorsPerChannelFlow: {
    default: 1,
    counts: "processors per channel flow",
    source:
      'DG "Using channel flows to process messages": "We currently only support one processor per channel flow" (up to 3 on request)',
  },
  connectionsPerUser: {
    default: 10,
    counts: "concurrent messaging-session connections per app instance user",
    source: "GR-Messaging: Maximum concurrent active connections per AppInstanceUser",
  },
} as const;

export type ResourceQuotaName = keyof typeof RESOURCE_QUOTAS;
export type ResourceQuotas = Record<ResourceQuotaName, number>;

export const DEFAULT_RESOURCE_QUOTAS = Object.fromEntries(
  Object.entries(RESOURCE_QUOTAS).map(([name, quota]) => [name, quota.default]),
) as ResourceQuotas;

/**
 * Refuses a write that would bring a count over its quota: `current` is what exists now, `adding` what
 * the request would add. AWS does not publish the message; this one names the quota and its value.
 */
export function requireWithinQuota(quotas: ResourceQuotas, name: ResourceQuotaName, current: number, adding = 1): void {
  if (current + adding > quotas[name]) throw quotaExceeded(quotas, name);
}

export function quotaExceeded(quotas: ResourceQuotas, name: ResourceQuotaName): ResourceLimitExceededError {
  return new ResourceLimitExceededError(
    `The request would exceed the quota of ${quotas[name]} ${RESOURCE_QUOTAS[name].counts}.`,
  );
}

/** Reads overrides ({"membershipsPerChannel": 100}); unknown names and non-positive integers are refused. */
export function parseResourceQuotas(json: string): Partial<ResourceQuotas> {
  const parsed = JSON.parse(json) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("Resource quotas must be a JSON object of quota names and numbers.");
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (!(name in RESOURCE_QUOTAS)) {
      throw new Error(`Unknown resource quota ${name}; the quotas are ${Object.keys(RESOURCE_QUOTAS).join(", ")}.`);
    }
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new Error(`The resource quota ${name} must be a whole number, 0 or more.`);
    }
  }
  return parsed;
}
