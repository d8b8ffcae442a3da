/**
 * IAM's decision for one request: an explicit Deny in any policy wins, else an Allow is needed, else
 * the implicit deny. Every resource the action requires is checked on its own, with its own tags as
 * `aws:ResourceTag/<key>` (read only when a condition asks for one). A role session that was given a
 * session policy gets the intersection: its identity policies and the session policy must both allow.
 */
import { conditionsHold } from "./conditions";
import { actionMatches, resourceMatches } from "./match";
import type { ContextLookup, ContextValue } from "./variables";
import type { PolicyDocument, PrincipalBlock, Statement } from "./policy";

export type { PolicyDocument } from "./policy";
export type { ContextValue } from "./variables";

/** Request context: condition keys (case-insensitive) and their values. */
export type RequestContextKeys = Record<string, ContextValue | undefined>;
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

function lookupIn(context: RequestContextKeys): ContextLookup {
  // Built at the first lookup: most statements a request meets have no condition and no variable.
  let byLowerCase: Map<string, ContextValue | undefined> | undefined;
  return (key) => {
    byLowerCase ??= new Map(Object.entries(context).map(([name, value]) => [name.toLowerCase(), value]));
    return byLowerCase.get(key.toLowerCase());
  };
}

function statementApplies(
  statement: Statement,
  version: PolicyDocument["Version"],
  action: string,
  resource: string,
  lookup: ContextLookup,
): boolean {
  const variables = version === "2012-10-17" ? lookup : undefined;
  const actionHit = statement.Action
    ? statement.Action.some((pattern) => actionMatches(pattern, action))
    : !(statement.NotAction ?? []).some((pattern) => actionMatches(pattern, action));
  if (!actionHit) return false;
  // A resource policy statement without Resource applies to the resource it is attached to.
  const resourceHit = statement.Resource
    ? statement.Resource.some((pattern) => resourceMatches(pattern, resource, variables))
    : statement.NotResource
      ? !statement.NotResource.some((pattern) => resourceMatches(pattern, resource, variables))
      : true;
  if (!resourceHit) return false;
  return statement.Condition === undefined || conditionsHold(statement.Condition, lookup, variables);
}

function decideWith(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  lookup: ContextLookup,
  principalMatches: (statement: Statement) => boolean,
): Decision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.Statement) {
      if (!principalMatches(statement) || !statementApplies(statement, policy.Version, action, resource, lookup))
        continue;
      if (statement.Effect === "Deny") return "ExplicitDeny";
      allowed = true;
    }
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

/** Decision of identity (or session) policies for one action on one resource. */
export function decide(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  context: RequestContextKeys,
): Decision {
  return decideWith(policies, action, resource, lookupIn(context), () => true);
}

export interface AuthorizationRequest {
  /** Named in denial messages. */
  principalArn: string;
  identityPolicies: PolicyDocument[];
  /** Undefined when no session policy was passed: then there is no second gate. */
  sessionPolicies?: PolicyDocument[];
  action: string;
  /** Every one must be allowed. */
  resources: string[];
  context: RequestContextKeys;
  /** A resource's tags, for `aws:ResourceTag/<key>`; none when absent. */
  resourceTags?: (resource: string) => Record<string, string>;
}

const RESOURCE_TAG = "aws:resourcetag/";

/** The request's context, plus the resource's tags: tag keys are matched regardless of case, as condition keys are. */
function lookupFor(request: AuthorizationRequest, resource: string, base: ContextLookup): ContextLookup {
  const { resourceTags } = request;
  if (!resourceTags) return base;
  let tags: Map<string, string> | undefined;
  return (key) => {
    if (!key.toLowerCase().startsWith(RESOURCE_TAG)) return base(key);
    tags ??= new Map(Object.entries(resourceTags(resource)).map(([tag, value]) => [tag.toLowerCase(), value]));
    return tags.get(key.slice(RESOURCE_TAG.length).toLowerCase());
  };
}

export type AuthorizationResult = { allowed: true } | { allowed: false; resource: string; message: string };

export function authorize(request: AuthorizationRequest): AuthorizationResult {
  const { principalArn, action } = request;
  const base = lookupIn(request.context);
  const everyStatement = () => true;
  for (const resource of request.resources) {
    const lookup = lookupFor(request, resource, base);
    const identity = decideWith(request.identityPolicies, action, resource, lookup, everyStatement);
    const session = request.sessionPolicies
      ? decideWith(request.sessionPolicies, action, resource, lookup, everyStatement)
      : "Allow";
    const reason =
      identity === "ExplicitDeny"
        ? "with an explicit deny in an identity-based policy"
        : session === "ExplicitDeny"
          ? "with an explicit deny in a session policy"
          : identity === "ImplicitDeny"
            ? `because no identity-based policy allows the ${action} action`
            : session === "ImplicitDeny"
              ? `because no session policy allows the ${action} action`
              : undefined;
    if (reason) {
      return {
        allowed: false,
        resource,
        message: `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
      };
    }
  }
  return { allowed: true };
}

export interface PrincipalIdentity {
  /** Every ARN the caller is known by: a role session's ARN and its role's ARN, or a user's ARN. */
  arns: string[];
  accountId: string;
}

function principalIn(block: PrincipalBlock | undefined, principal: PrincipalIdentity): boolean {
  if (block === undefined) return false;
  if (block === "*") return true;
  return (block.AWS ?? []).some(
    (id) =>
      id === "*" ||
      principal.arns.includes(id) ||
      (principal.accountId !== "" && (id === principal.accountId || id === `arn:aws:iam::${principal.accountId}:root`)),
  );
}

/**
 * Decision of a resource-based policy (a role's trust policy): only statements whose Principal names
 * the caller (by ARN, by account, or "*") count; NotPrincipal statements apply to everyone else.
 */
export function decideResourcePolicy(
  policy: PolicyDocument,
  principal: PrincipalIdentity,
  action: string,
  resource: string,
  context: RequestContextKeys,
): Decision {
  return decideWith([policy], action, resource, lookupIn(context), (statement) =>
    statement.Principal !== undefined
      ? principalIn(statement.Principal, principal)
      : !principalIn(statement.NotPrincipal, principal),
  );
}
