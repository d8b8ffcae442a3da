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

const SESSION_NAME = /^[\w+=,.@-]*$/;
// Tag keys and values: letters, separators, numbers and _.:/=+-@; no wildcard can hide in a tag value.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Session policies may use tab, line feed, carriage return and U+0020 to U+00FF. */
const isPolicyCharacter = (char: string) => {
  const code = char.charCodeAt(0);
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xff);
};
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

function readInput(params: QueryParameters): AssumeRoleInput {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  if (roleArn === undefined) throw constraintViolation("null", "roleArn", "Member must not be null");
  if (sessionName === undefined) throw constraintViolation("null", "roleSessionName", "Member must not be null");
  if (roleArn.length < 20 || roleArn.length > 2048) {
    throw constraintViolation(roleArn, "roleArn", "Member must have length between 20 and 2048");
  }
  if (sessionName.length < 2) {
    throw constraintViolation(sessionName, "roleSessionName", "Member must have length greater than or equal to 2");
  }
  if (sessionName.length > 64) {
    throw constraintViolation(sessionName, "roleSessionName", "Member must have length less than or equal to 64");
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw constraintViolation(
      sessionName,
      "roleSessionName",
      "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  }
  const durationSeconds = integerParameter(params, "DurationSeconds") ?? DEFAULT_DURATION_SECONDS;
  if (durationSeconds < 900) {
    throw constraintViolation(
      String(durationSeconds),
      "durationSeconds",
      "Member must have value greater than or equal to 900",
    );
  }
  if (durationSeconds > 43200) {
    throw constraintViolation(
      String(durationSeconds),
      "durationSeconds",
      "Member must have value less than or equal to 43200",
    );
  }

  const tagList = structListParameter(params, "Tags", ["Key", "Value"]) ?? [];
  if (tagList.length > 50)
    throw constraintViolation("tags", "tags", "Member must have length less than or equal to 50");
  const tags: Record<string, string> = {};
  const seenKeys = new Set<string>();
  for (const { Key: key, Value: value } of tagList) {
    if (key === undefined || value === undefined) throw validationError("Each tag needs a Key and a Value.");
    if (key.length < 1 || key.length > 128 || !TAG_KEY.test(key)) {
      throw constraintViolation(
        key,
        "tags.member.key",
        "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
      );
    }
    if (value.length > 256 || !TAG_VALUE.test(value)) {
      throw constraintViolation(
        value,
        "tags.member.value",
        "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
      );
    }
    if (key.toLowerCase().startsWith("aws:")) throw validationError(`Tag keys cannot start with "aws:": ${key}`);
    if (seenKeys.has(key.toLowerCase())) {
      throw validationError("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    seenKeys.add(key.toLowerCase());
    tags[key] = value;
  }
  const transitiveTagKeys = listParameter(params, "TransitiveTagKeys") ?? [];
  if (transitiveTagKeys.length > 50) {
    throw constraintViolation(
      "transitiveTagKeys",
      "transitiveTagKeys",
      "Member must have length less than or equal to 50",
    );
  }
  for (const key of transitiveTagKeys) {
    if (!seenKeys.has(key.toLowerCase()))
      throw validationError(`The transitive tag key ${key} is not among the session tags.`);
  }

  const sessionPolicy = params.get("Policy");
  if (sessionPolicy !== undefined && (sessionPolicy.length > 2048 || ![...sessionPolicy].every(isPolicyCharacter))) {
    throw constraintViolation(
      "policy",
      "policy",
      "Member must be at most 2048 characters of \\u0009, \\u000A, \\u000D or \\u0020-\\u00FF",
    );
  }
  if (params.has("PolicyArns.member.1.arn"))
    throw validationError("PolicyArns are not supported by the local endpoint; pass an inline Policy.");
  if (params.has("SerialNumber") || params.has("TokenCode"))
    throw validationError("MFA is not supported by the local endpoint.");
  const externalId = params.get("ExternalId");
  if (
    externalId !== undefined &&
    (externalId.length < 2 || externalId.length > 1224 || !/^[\w+=,.@:/-]*$/.test(externalId))
  ) {
    throw constraintViolation(
      externalId,
      "externalId",
      "Member must satisfy regular expression pattern: [\\w+=,.@:/-]*",
    );
  }
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
  const expiresAt = now.getTime() + input.durationSeconds * 1000;
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
