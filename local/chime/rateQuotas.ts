/**
 * Chime's API rate quotas (requests a second), as AWS publishes them, answered with
 * ThrottledClientException (429) when exceeded. Off unless asked for at start (LOCAL_AWS_RATE_QUOTAS,
 * docs/local-endpoint.md): benchmarks measure the endpoint, and tests send faster than any one user
 * would; on, they show how a client copes with AWS's limits.
 *
 * Sources: "Amazon Chime SDK endpoints and quotas" (AWS General Reference), the API rate tables of
 * "Amazon Chime SDK Identity quotas" (GR-Identity) and "Amazon Chime SDK Messaging quotas"
 * (GR-Messaging). Values are us-east-1's; where eu-central-1's differ, they apply to an endpoint run for
 * that region. Readings where the table and its description disagree are marked.
 *
 * Each quota is a token bucket per resource (per channel, per app instance, per bearer...), holding one
 * second's worth of requests and refilled continuously, on the endpoint's clock. A request takes a
 * token from every quota that applies to it, or from none when one of them is empty.
 */
import { appInstanceOf } from "./arns";
import { ThrottledClientError } from "./errors";
import type { Clock, OperationHandlers } from "./services";

type Per = "account" | "appInstance" | "channel" | "appInstanceUser" | "bearer";

interface RateQuota {
  /** The operations it counts; "messaging" is every operation called with a ChimeBearer. */
  operations: readonly string[] | "messaging";
  perSecond: number;
  /** eu-central-1's value where AWS gives another. */
  perSecondInEuCentral1?: number;
  per: Per;
  source: string;
}

const IDENTITY_OPERATIONS = [
  "CreateAppInstance",
  "DescribeAppInstance",
  "UpdateAppInstance",
  "DeleteAppInstance",
  "ListAppInstances",
  "CreateAppInstanceUser",
  "DescribeAppInstanceUser",
  "UpdateAppInstanceUser",
  "DeleteAppInstanceUser",
  "ListAppInstanceUsers",
  "CreateAppInstanceAdmin",
  "DescribeAppInstanceAdmin",
  "DeleteAppInstanceAdmin",
  "ListAppInstanceAdmins",
] as const;

export const RATE_QUOTAS = {
  channelWritesPerAppInstance: {
    operations: ["CreateChannel", "UpdateChannel", "DeleteChannel"],
    perSecond: 15,
    per: "appInstance",
    source: "GR-Messaging: Rate of CreateChannel, UpdateChannel, DeleteChannel requests",
  },
  listChannelsPerAppInstance: {
    operations: ["ListChannels"],
    perSecond: 10,
    per: "appInstance",
    source: "GR-Messaging: Rate of ListChannels requests",
  },
  describeChannelPerChannel: {
    operations: ["DescribeChannel"],
    perSecond: 20,
    per: "channel",
    source: "GR-Messaging: Rate of DescribeChannel requests",
  },
  membershipWritesPerChannel: {
    operations: [
      "CreateChannelMembership",
      "DeleteChannelMembership",
      "CreateChannelBan",
      "DeleteChannelBan",
      "CreateChannelModerator",
      "DeleteChannelModerator",
    ],
    perSecond: 15,
    perSecondInEuCentral1: 10,
    per: "channel",
    source: "GR-Messaging: Rate of CreateChannelMembership, DeleteChannelMembership, ... requests",
  },
  membershipListsPerChannel: {
    operations: ["ListChannelMemberships", "ListChannelBans", "ListChannelModerators"],
    perSecond: 15,
    per: "channel",
    source: "GR-Messaging: Rate of ListChannelMemberships, ListChannelBans, ListChannelModerators requests",
  },
  messageWritesPerChannel: {
    operations: ["SendChannelMessage", "UpdateChannelMessage", "RedactChannelMessage", "DeleteChannelMessage"],
    perSecond: 30,
    perSecondInEuCentral1: 10,
    per: "channel",
    source: "GR-Messaging: Rate of SendChannelMessage, UpdateChannelMessage, ... requests",
  },
  listMessagesPerChannel: {
    operations: ["ListChannelMessages"],
    perSecond: 30,
    per: "channel",
    source: "GR-Messaging: Rate of ListChannelMessages requests",
  },
  getMessagePerChannel: {
    operations: ["GetChannelMessage"],
    perSecond: 30,
    per: "channel",
    source: "GR-Messaging: Rate of GetChannelMessage requests",
  },
  userListsPerUser: {
    operations: ["ListChannelMembershipsForAppInstanceUser", "ListChannelsModeratedByAppInstanceUser"],
    perSecond: 15,
    per: "appInstanceUser",
    source: "GR-Messaging: Rate of ListChannelMembershipsForAppInstanceUser, ... requests",
  },
  batchPerChannel: {
    operations: ["BatchCreateChannelMembership"],
    perSecond: 1,
    per: "channel",
    source: "GR-Messaging: Rate of Batch API requests (1 per second per resource)",
  },
  requestsPerBearer: {
    operations: "messaging",
    perSecond: 10,
    perSecondInEuCentral1: 5,
    per: "bearer",
    source: "GR-Messaging: Rate of API requests per ChimeBearer",
  },
  connectsPerUser: {
    operations: ["Connect"],
    perSecond: 1,
    per: "appInstanceUser",
    source: "GR-Messaging: Rate of websocket connect requests per AppInstanceUser",
  },
  // The table says "per AppInstance", its description "in your AWS account"; a create has no app
  // instance yet: per account (reading).
  appInstanceWritesPerAccount: {
    operations: ["CreateAppInstance", "UpdateAppInstance", "DeleteAppInstance"],
    perSecond: 5,
    per: "account",
    source: "GR-Identity: Rate of CreateAppInstance, UpdateAppInstance, and DeleteAppInstance requests",
  },
  userWritesPerAppInstance: {
    operations: ["CreateAppInstanceUser", "UpdateAppInstanceUser", "DeleteAppInstanceUser"],
    perSecond: 10,
    per: "appInstance",
    source: "GR-Identity: Rate of CreateAppInstanceUser, UpdateAppInstanceUser, and DeleteAppInstanceUser requests",
  },
  describeAppInstancePerAppInstance: {
    operations: ["DescribeAppInstance"],
    perSecond: 20,
    per: "appInstance",
    source: "GR-Identity: Rate of DescribeAppInstance requests",
  },
  describeUserPerUser: {
    operations: ["DescribeAppInstanceUser"],
    perSecond: 20,
    per: "appInstanceUser",
    source: "GR-Identity: Rate of DescribeAppInstanceUser requests",
  },
  listAppInstancesPerAccount: {
    operations: ["ListAppInstances"],
    perSecond: 10,
    per: "account",
    source: "GR-Identity: Rate of ListAppInstances requests",
  },
  // The table says "per AppInstanceUser", its description "for a specific AppInstance" (reading: the latter).
  listUsersPerAppInstance: {
    operations: ["ListAppInstanceUsers"],
    perSecond: 10,
    per: "appInstance",
    source: "GR-Identity: Rate of ListAppInstanceUsers requests",
  },
  identityRequestsPerAccount: {
    operations: IDENTITY_OPERATIONS,
    perSecond: 50,
    per: "account",
    source: "GR-Identity: Total requests per second per AWS Account",
  },
} satisfies Record<string, RateQuota>;

export type RateQuotaName = keyof typeof RATE_QUOTAS;

/** Rate quotas on, with any values overridden (requests a second). */
export interface RateQuotaSettings {
  overrides?: Partial<Record<RateQuotaName, number>>;
}

type Input = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The resource a request counts against, or undefined when it names none (validation refuses it). */
function resourceOf(per: Per, input: Input): string | undefined {
  switch (per) {
    case "account":
      return "account";
    case "appInstance":
      return (
        text(input.AppInstanceArn) ??
        appInstanceOf(text(input.ChannelArn) ?? text(input.AppInstanceUserArn) ?? "") ??
        undefined
      );
    case "channel":
      return text(input.ChannelArn);
    case "appInstanceUser":
      return text(input.AppInstanceUserArn) ?? text(input.ChimeBearer);
    case "bearer":
      return text(input.ChimeBearer);
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: Record<RateQuotaName, number>;

  constructor(
    settings: RateQuotaSettings,
    private readonly clock: Clock,
    region: string,
  ) {
    const entries = Object.entries(RATE_QUOTAS) as [RateQuotaName, RateQuota][];
    this.limits = Object.fromEntries(
      entries.map(([name, quota]) => [
        name,
        settings.overrides?.[name] ??
          (region === "eu-central-1" ? (quota.perSecondInEuCentral1 ?? quota.perSecond) : quota.perSecond),
      ]),
    ) as Record<RateQuotaName, number>;
  }

  /** Counts one `operation` request; throws ThrottledClientError (and counts nothing) if a quota is spent. */
  take(operation: string, input: Input): void {
    const now = this.clock.now().getTime();
    const taken: Bucket[] = [];
    for (const [name, quota] of Object.entries(RATE_QUOTAS) as [RateQuotaName, RateQuota][]) {
      const applies =
        quota.operations === "messaging" ? text(input.ChimeBearer) !== undefined : quota.operations.includes(operation);
      const resource = applies ? resourceOf(quota.per, input) : undefined;
      if (resource === undefined) continue;
      const limit = this.limits[name];
      const key = `${name} ${resource}`;
      const bucket = this.buckets.get(key) ?? { tokens: limit, at: now };
      bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 1000) * limit);
      bucket.at = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        throw new ThrottledClientError(`Rate exceeded: ${limit} requests a second (${quota.source}).`);
      }
      taken.push(bucket);
    }
    for (const bucket of taken) bucket.tokens -= 1;
  }
}

/** The handlers, each counted against the rate quotas before it runs. */
export function withRateQuotas(handlers: OperationHandlers, limiter: RateLimiter): OperationHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([operation, handler]) => [
      operation,
      (input: never, context) => {
        limiter.take(operation, input);
        return handler(input, context);
      },
    ]),
  );
}

/** Reads LOCAL_AWS_RATE_QUOTAS: "off" (or unset), "on", or a JSON object of overrides (which turns them on). */
export function parseRateQuotas(value: string | undefined): RateQuotaSettings | undefined {
  const trimmed = value?.trim() ?? "";
  if (["", "off", "false", "0"].includes(trimmed.toLowerCase())) return undefined;
  if (["on", "true", "1"].includes(trimmed.toLowerCase())) return {};
  const parsed = JSON.parse(trimmed) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error('Rate quotas must be "on", "off" or a JSON object of quota names and requests a second.');
  }
  for (const [name, perSecond] of Object.entries(parsed)) {
    if (!(name in RATE_QUOTAS)) {
      throw new Error(`Unknown rate quota ${name}; the rate quotas are ${Object.keys(RATE_QUOTAS).join(", ")}.`);
    }
    if (typeof perSecond !== "number" || !(perSecond > 0)) {
      throw new Error(`The rate quota ${name} must be a number of requests a second above 0.`);
    }
  }
  return { overrides: parsed };
}
