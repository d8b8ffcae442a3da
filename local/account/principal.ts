import type { PolicyDocument, RequestContextKeys } from "../iam/evaluate";

/** Who signed a request, and what IAM lets them do. */
export interface Principal {
  /** The ARN AWS names in its messages: an IAM user, or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  arn: string;
  /** Every ARN a trust policy may name this principal by (for a role session: the session and the role). */
  arns: string[];
  accountId: string;
  /** `aws:userid`: `AIDA...` for users, `<RoleId>:<session>` for role sessions. */
  userId: string;
  /** `aws:username`, for IAM users only. */
  username?: string;
  /** The role of a role session. */
  roleArn?: string;
  identityPolicies: PolicyDocument[];
  /** The session policy passed to AssumeRole, if any: permissions are then the intersection. */
  sessionPolicies?: PolicyDocument[];
  /** `aws:PrincipalTag/*`: the session tags of a role session. */
  tags: Record<string, string>;
  transitiveTagKeys: string[];
}

/** The global condition keys of a request by this principal. */
export function principalContext(principal: Principal, now: Date): RequestContextKeys {
  const context: RequestContextKeys = {
    "aws:PrincipalArn": principal.roleArn ?? principal.arn,
    "aws:PrincipalAccount": principal.accountId,
    "aws:PrincipalType": principal.roleArn ? "AssumedRole" : "User",
    "aws:userid": principal.userId,
    "aws:username": principal.username,
    "aws:CurrentTime": now.toISOString(),
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    // The local endpoint speaks plain HTTP.
    "aws:SecureTransport": "false",
  };
  for (const [key, value] of Object.entries(principal.tags)) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}
