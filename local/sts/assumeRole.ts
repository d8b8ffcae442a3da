/**
 * STS AssumeRole: who may assume which role (trust policy + the caller's own policy), session tags
 * (which need sts:TagSession too), an inline session policy, and the vended temporary credentials.
 */
import { randomBytes } from "node:crypto";
import { randomAccessKeyId, randomSecret, type LocalAccount, type Role } from "../account/account";
import { principalContext, type Principal } from "../account/principal";
import { authorize, decideResourcePolicy, type RequestContextKeys } from "../iam/evaluate";
import { MalformedPolicyError, parsePolicy } from "../iam/policy";
import { constraintViolation, StsError, validationError } from "./errors";
import { integerParameter, listParameter, structListParameter, type QueryParameters } from "./form";
import { packedPolicySize } from "./packedPolicy";
import type { XmlElement } from "./xml";

/** "The plaintext that you use for both inline and managed session policies can't exceed 2,048 characters." */
const SESSION_POLICY_MAX = 2048;
const DEFAULT_DURATION_SECONDS = 3600;
/** A session of a role session ("role chaining") lasts at most one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3600;

interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sessionPolicy: string | undefined;
  externalId: string | undefined;
  sourceIdentity: string | undefined;
}

/**
 * The request's parameters. The STS model's constraints (required members, lengths, patterns, the
 * duration's range, 50 tags at most) were checked before this runs (local/endpoint/awsQuery.ts); what is
 * left are STS's rules the model cannot express, and what the local endpoint does not support.
 */
function readInput(params: QueryParameters): AssumeRoleInput {
  const roleArn = params.get("RoleArn") as string;
  const sessionName = params.get("RoleSessionName") as string;
  const durationSeconds = integerParameter(params, "DurationSeconds") ?? DEFAULT_DURATION_SECONDS;

  const tagList = structListParameter(params, "Tags", ["Key", "Value"]) ?? [];
  const tags: Record<string, string> = {};
  const seenKeys = new Set<string>();
  for (const { Key: key, Value: value } of tagList) {
    if (key === undefined || value === undefined) throw validationError("Each tag needs a Key and a Value.");
    if (key.toLowerCase().startsWith("aws:")) throw validationError(`Tag keys cannot start with "aws:": ${key}`);
    if (seenKeys.has(key.toLowerCase())) {
      throw validationError("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    seenKeys.add(key.toLowerCase());
    tags[key] = value;
  }
  const transitiveTagKeys = listParameter(params, "TransitiveTagKeys") ?? [];
  for (const key of transitiveTagKeys) {
    if (!seenKeys.has(key.toLowerCase()))
      throw validationError(`The transitive tag key ${key} is not among the session tags.`);
  }

  const sessionPolicy = params.get("Policy");
  if (sessionPolicy !== undefined && sessionPolicy.length > SESSION_POLICY_MAX) {
    throw constraintViolation(
      "policy",
      "policy",
      `Member must have length less than or equal to ${SESSION_POLICY_MAX}`,
    );
  }
  if (params.has("PolicyArns.member.1.arn"))
    throw validationError("PolicyArns are not supported by the local endpoint; pass an inline Policy.");
  if (params.has("SerialNumber") || params.has("TokenCode"))
    throw validationError("MFA is not supported by the local endpoint.");
  const externalId = params.get("ExternalId");
  const sourceIdentity = params.get("SourceIdentity");
  if (sourceIdentity !== undefined) {
    throw validationError("SourceIdentity is not supported by the local endpoint.");
  }
  return { roleArn, sessionName, durationSeconds, tags, transitiveTagKeys, sessionPolicy, externalId, sourceIdentity };
}

function notAuthorized(principal: Principal, action: string, roleArn: string): StsError {
  return new StsError(
    "AccessDenied",
    403,
    `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${roleArn}`,
  );
}

/**
 * AWS's rule within one account: a trust policy that names the caller's ARN is enough on its own;
 * one that names only the account also needs the caller's identity policy to allow the action.
 */
function requireAllowed(role: Role, principal: Principal, action: string, context: RequestContextKeys): void {
  const trust = role.trustPolicy;
  if (!trust || decideResourcePolicy(trust, principal, action, role.arn, context) !== "Allow") {
    throw notAuthorized(principal, action, role.arn);
  }
  const namedDirectly =
    decideResourcePolicy(trust, { arns: principal.arns, accountId: "" }, action, role.arn, context) === "Allow";
  if (namedDirectly) return;
  const identity = authorize({
    principalArn: principal.arn,
    identityPolicies: principal.identityPolicies,
    sessionPolicies: principal.sessionPolicies,
    action,
    resources: [role.arn],
    context,
  });
  if (!identity.allowed) throw notAuthorized(principal, action, role.arn);
}

export function assumeRole(
  account: LocalAccount,
  principal: Principal,
  params: QueryParameters,
  now: Date,
): XmlElement[] {
  const input = readInput(params);
  const role = account.role(input.roleArn);
  // AWS does not reveal whether a role exists to a caller who may not assume it.
  if (!role) throw notAuthorized(principal, "sts:AssumeRole", input.roleArn);

  const requestTags = Object.entries(input.tags);
  const context: RequestContextKeys = {
    ...principalContext(principal, now),
    "sts:RoleSessionName": input.sessionName,
    "sts:ExternalId": input.externalId,
    "sts:TransitiveTagKeys": input.transitiveTagKeys,
    "aws:TagKeys": requestTags.map(([key]) => key),
  };
  for (const [key, value] of requestTags) context[`aws:RequestTag/${key}`] = value;

  requireAllowed(role, principal, "sts:AssumeRole", context);
  if (requestTags.length > 0 || input.transitiveTagKeys.length > 0)
    requireAllowed(role, principal, "sts:TagSession", context);

  // Assuming a role with a role session's credentials (a Lambda's, our server key's) is role chaining.
  const chained = principal.roleArn !== undefined;
  const maxSeconds = chained
    ? Math.min(role.maxSessionDurationSeconds, ROLE_CHAINING_MAX_SECONDS)
    : role.maxSessionDurationSeconds;
  if (input.durationSeconds > maxSeconds) {
    throw validationError(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }

  let sessionPolicy: string | null = null;
  if (input.sessionPolicy !== undefined) {
    try {
      parsePolicy(input.sessionPolicy, "identity");
    } catch (error) {
      if (error instanceof MalformedPolicyError) throw new StsError("MalformedPolicyDocument", 400, error.message);
      throw error;
    }
    sessionPolicy = input.sessionPolicy;
  }

  // Transitive tags of the calling session pass on and cannot be set again.
  const tags = { ...input.tags };
  const transitiveTagKeys = [...input.transitiveTagKeys];
  for (const key of principal.transitiveTagKeys) {
    if (Object.keys(tags).some((k) => k.toLowerCase() === key.toLowerCase())) {
      throw validationError(`The tag key ${key} is a transitive tag of the calling session and cannot be set again.`);
    }
    tags[key] = principal.tags[key];
    transitiveTagKeys.push(key);
  }
  const packed = packedPolicySize(sessionPolicy, tags);

  const accessKeyId = randomAccessKeyId("ASIA");
  const secretAccessKey = randomSecret();
  const sessionToken = randomBytes(96).toString("base64");
  const lifetimeSeconds = Math.min(input.durationSeconds, account.config.sessionLifetimeCapSeconds ?? Infinity);
  const expiresAt = now.getTime() + lifetimeSeconds * 1000;
  account.saveSession({
    accessKeyId,
    secretAccessKey,
    sessionToken,
    roleArn: role.arn,
    sessionName: input.sessionName,
    tags: JSON.stringify(tags),
    transitiveTagKeys: JSON.stringify(transitiveTagKeys),
    sessionPolicy,
    sourceIdentity: null,
    createdAt: now.getTime(),
    expiresAt,
  });

  return [
    [
      "Credentials",
      [
        ["AccessKeyId", accessKeyId],
        ["SecretAccessKey", secretAccessKey],
        ["SessionToken", sessionToken],
        ["Expiration", new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z")],
      ],
    ],
    [
      "AssumedRoleUser",
      [
        ["AssumedRoleId", `${role.roleId}:${input.sessionName}`],
        ["Arn", `arn:aws:sts::${account.config.accountId}:assumed-role/${role.name}/${input.sessionName}`],
      ],
    ],
    ["PackedPolicySize", Object.keys(tags).length > 0 || sessionPolicy ? packed.percent : undefined],
  ];
}
