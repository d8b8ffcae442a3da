/**
 * The resources IAM checks for each Chime action, from the Service Authorization Reference
 * (docs/aws-behaviour.md §3): the bearer's AppInstanceUser ARN ("an app-instance-user-arn
 * that matches the chime-bearer parameter"), plus the channel for channel-scoped actions (and the flow
 * for Associate/DisassociateChannelFlow). The developer APIs without a bearer name theirs in the input:
 * CreateChannelFlow the app instance, the other flow operations the flow (DeleteChannelFlow too: the
 * SAR lists `channel` for it, a resource its request does not carry), ChannelFlowCallback the channel.
 * Connect (the messaging WebSocket) names the AppInstanceUser of its URL's `userArn`, passed here as
 * AppInstanceUserArn.
 * Every listed resource must be allowed.
 */
type Input = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Actions checked against the bearer only. */
const BEARER_ONLY = new Set([
  "CreateChannel",
  "ListChannels",
  "ListChannelMembershipsForAppInstanceUser",
  "ListChannelsModeratedByAppInstanceUser",
  "SearchChannels",
]);

/** Actions with no resource-level permission: the policy must allow them on "*". */
const NO_RESOURCE = new Set([
  "GetMessagingSessionEndpoint",
  "CreateAppInstance",
  "CreateAppInstanceUser",
  "CreateAppInstanceBot",
  "ListAppInstances",
]);

export function chimeResources(operation: string, input: Input): string[] {
  if (NO_RESOURCE.has(operation)) return ["*"];
  // The SAR's resource for ListChannelFlows is channel-flow, yet the request names only the app instance:
  // _reading_, the app instance's flows, `<appInstanceArn>/channel-flow/*`, which a policy on that
  // pattern (or `*`) allows, and one on the app instance alone does not.
  if (operation === "ListChannelFlows") return [`${str(input.AppInstanceArn) ?? ""}/channel-flow/*`];
  const bearer = str(input.ChimeBearer);
  const channel = str(input.ChannelArn);
  if (bearer !== undefined) {
    if (BEARER_ONLY.has(operation) || channel === undefined) return [bearer];
    const flow = str(input.ChannelFlowArn);
    return flow ? [bearer, channel, flow] : [bearer, channel];
  }
  // Identity and other developer APIs name their resource in the input.
  const named = [
    input.AppInstanceArn,
    input.AppInstanceUserArn,
    input.AppInstanceAdminArn,
    input.AppInstanceBotArn,
    input.ChannelFlowArn,
    channel,
    input.ResourceARN,
  ]
    .map(str)
    .filter((arn): arn is string => arn !== undefined);
  return named.length > 0 ? named : ["*"];
}

/**
 * What Chime checks besides the action itself, as the caller: registering an endpoint needs
 * `mobiletargeting:GetApp` on the push application it names ("the user must have permission to call
 * mobiletargeting:GetApp on the Amazon Pinpoint ARN. Otherwise, the Amazon Chime SDK throws a 403
 * Forbidden error", developer guide, "Register a mobile device endpoint"). A refusal is Chime's
 * ForbiddenException, not IAM's AccessDeniedException.
 */
export function dependentPermissions(operation: string, input: Input): { action: string; resource: string }[] {
  if (operation !== "RegisterAppInstanceUserEndpoint") return [];
  const app = str(input.ResourceArn);
  return app === undefined ? [] : [{ action: "mobiletargeting:GetApp", resource: app }];
}
