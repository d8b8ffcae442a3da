/**
 * The checks `npm run deploy:check` runs on each packaged template, and the tests run on theirs: what
 * an ops review with cfn-lint and checkov flagged on this stack (the checkov ids are named), and this
 * stack's own rules (docs/deploy.md). A finding is an `error` (the deploy would be wrong, or fail late)
 * or a `warning` (a production choice the parameters leave open). What checkov flags but this stack
 * accepts is listed in ACCEPTED, with the reason, and is printed, not counted.
 */
import {
  dependencies,
  Evaluator,
  findCycle,
  placeholderStack,
  references,
  type Resource,
  type Template,
} from "./cloudFormation";

export interface Finding {
  severity: "error" | "warning";
  check: string;
  resource?: string;
  message: string;
}

/** checkov checks this stack does not follow, and why. */
export const ACCEPTED: { check: string; reason: string }[] = [
  {
    check: "CKV_AWS_116 (Lambda dead-letter queue)",
    reason:
      "API Gateway invokes the API synchronously and CloudFormation the bootstrap; Chime invokes the moderation processor asynchronously, but it fails no event (it logs what it could not do), so none would be queued.",
  },
  {
    check: "CKV_AWS_117 (Lambda in a VPC)",
    reason: "The functions call only AWS APIs over HTTPS; a VPC would add NAT costs and cold-start time.",
  },
  {
    check: "CKV_AWS_173 / CKV_AWS_158 (KMS keys for Lambda variables and log groups)",
    reason: "No secret is in either; AWS-owned keys encrypt both at rest.",
  },
  {
    check: "CKV_AWS_28 / CKV_AWS_119 (DynamoDB point-in-time recovery, customer key)",
    reason:
      "The rate limit table holds seconds of state that refills by itself (docs/limits.md); the moderation denials table a week of reasons, whose loss leaves a sender without the reason of an old denial only.",
  },
  {
    check: "CKV_AWS_18 / CKV_AWS_21 (deployment bucket access logs, versioning)",
    reason: "Serverless's own bucket of deployment zips: encrypted, TLS-only, never public, rewritten each deploy.",
  },
];

const AUTH_FLOWS_SENDING_PASSWORDS = [
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
];
/** What the API shows as a user's name (docs/identity.md): only admins may write it. */
const IDENTITY_ATTRIBUTES = ["name", "preferred_username", "email"];
/** Actions without resource-level permissions (Service Authorization Reference): `Resource: "*"` is their only form. */
const RESOURCE_STAR_ACTIONS = new Set([
  "chime:CreateAppInstance",
  "chime:CreateAppInstanceUser",
  "chime:ListAppInstances",
  "chime:GetMessagingSessionEndpoint",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
]);
const SECRET_LIKE = /(AKIA|ASIA)[A-Z0-9]{16}|-----BEGIN|(secret|password|token)\s*[:=]/i;

type Check = (context: Context) => Finding[];

interface Context {
  template: Template;
  evaluator: Evaluator;
  /** The resources CloudFormation would create (their Condition, if any, true), by logical id. */
  resources: [string, Resource][];
}

function ofType(context: Context, type: string): [string, Resource][] {
  return context.resources.filter(([, resource]) => resource.Type === type);
}

function props(resource: Resource): Record<string, unknown> {
  return resource.Properties ?? {};
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : [value].flat());

/** Cycles, and references to nothing: CloudFormation reports both only when the deploy starts. */
const referencesResolve: Check = ({ template }) => {
  const findings: Finding[] = [];
  const graph = dependencies(template);
  const cycle = findCycle(graph);
  if (cycle)
    findings.push({ severity: "error", check: "references", message: `Dependency cycle: ${cycle.join(" -> ")}` });
  for (const [id, on] of graph) {
    for (const target of on) {
      if (!(target in template.Resources))
        findings.push({
          severity: "error",
          check: "references",
          resource: id,
          message: `Refers to ${target}, which is not in the template.`,
        });
    }
  }
  for (const [name, value] of Object.entries(template.Outputs ?? {})) {
    for (const target of references(value.Value)) {
      if (!(target in template.Resources))
        findings.push({
          severity: "error",
          check: "references",
          resource: `Outputs.${name}`,
          message: `Refers to ${target}.`,
        });
    }
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Condition && !(resource.Condition in (template.Conditions ?? {})))
      findings.push({
        severity: "error",
        check: "references",
        resource: id,
        message: `No condition ${resource.Condition}.`,
      });
  }
  return findings;
};

/** CKV_AWS_95: an HTTP API stage writes access logs, one JSON line per request. */
const accessLogs: Check = (context) =>
  ofType(context, "AWS::ApiGatewayV2::Stage").flatMap(([id, stage]) => {
    const settings = props(stage).AccessLogSettings as { DestinationArn?: unknown; Format?: unknown } | undefined;
    if (!settings?.DestinationArn || typeof settings.Format !== "string")
      return [{ severity: "error", check: "access-logs", resource: id, message: "No access log (CKV_AWS_95)." }];
    try {
      JSON.parse(settings.Format);
      return [];
    } catch {
      return [
        {
          severity: "error",
          check: "access-logs",
          resource: id,
          message: "The access log format is not JSON.",
        },
      ];
    }
  });

/** CKV_AWS_66: every log group expires its logs. */
const logRetention: Check = (context) =>
  ofType(context, "AWS::Logs::LogGroup")
    .filter(([, group]) => props(group).RetentionInDays === undefined)
    .map(([id]) => ({
      severity: "error",
      check: "log-retention",
      resource: id,
      message: "Logs are kept forever (no RetentionInDays).",
    }));

/** CKV_AWS_309: every route names its authorization (here the Cognito JWT authorizer). */
const routesAuthorized: Check = (context) =>
  ofType(context, "AWS::ApiGatewayV2::Route")
    .filter(([, route]) => props(route).AuthorizationType !== "JWT" || !props(route).AuthorizerId)
    .map(([id, route]) => ({
      severity: "error",
      check: "route-authorizer",
      resource: id,
      message: `${String(props(route).RouteKey)} reaches the function without the JWT authorizer.`,
    }));

/** The JWT authorizer: Cognito's issuer, the app client as the only audience. */
const jwtAuthorizer: Check = (context) =>
  ofType(context, "AWS::ApiGatewayV2::Authorizer").flatMap(([id, authorizer]) => {
    const jwt = context.evaluator.evaluate(props(authorizer).JwtConfiguration) as
      { Issuer?: unknown; Audience?: unknown[] } | undefined;
    const issuerOk =
      typeof jwt?.Issuer === "string" && /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/.+/.test(jwt.Issuer);
    const audienceOk =
      Array.isArray(jwt?.Audience) &&
      jwt.Audience.length > 0 &&
      jwt.Audience.every((a) => typeof a === "string" && a !== "");
    return issuerOk && audienceOk
      ? []
      : [
          {
            severity: "error",
            check: "route-authorizer",
            resource: id,
            message: "The authorizer's issuer is not a Cognito user pool, or it has no audience.",
          },
        ];
  });

const functions = (context: Context) => ofType(context, "AWS::Lambda::Function");

/** CKV_AWS_115, CKV_AWS_73 for the API's function; CKV_AWS_45 and old versions for all. */
const lambdaFunctions: Check = (context) => {
  const findings: Finding[] = [];
  for (const [id, fn] of functions(context)) {
    const properties = props(fn);
    const api = id === "GraphqlLambdaFunction";
    if (api && properties.ReservedConcurrentExecutions === undefined) {
      findings.push({
        severity: "warning",
        check: "reserved-concurrency",
        resource: id,
        message:
          "No reserved concurrency (CKV_AWS_115): a spike can take the account's concurrency; set reservedConcurrency.",
      });
    }
    if (api && (properties.TracingConfig as { Mode?: string } | undefined)?.Mode !== "Active") {
      findings.push({
        severity: "warning",
        check: "tracing",
        resource: id,
        message: "No X-Ray tracing (CKV_AWS_73); opt in with tracing=true.",
      });
    }
    const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      if (typeof value === "string" && SECRET_LIKE.test(value))
        findings.push({
          severity: "error",
          check: "secrets",
          resource: id,
          message: `${name} looks like a secret (CKV_AWS_45).`,
        });
    }
  }
  for (const [id] of ofType(context, "AWS::Lambda::Version"))
    findings.push({
      severity: "error",
      check: "versions",
      resource: id,
      message: "A function version nothing invokes (versionFunctions).",
    });
  return findings;
};

interface Statement {
  Effect?: string;
  Action?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function statementsOf(evaluator: Evaluator, role: Resource): Statement[] {
  // A role's inline policies, or an AWS::IAM::Policy's own document.
  const documents = role.Type === "AWS::IAM::Policy" ? [props(role)] : list(props(role).Policies);
  return documents.flatMap((policy) => {
    const document = evaluator.evaluate((policy as { PolicyDocument?: unknown }).PolicyDocument) as {
      Statement?: unknown;
    };
    return list(document?.Statement) as Statement[];
  });
}

/** CKV_AWS_107/108/109/111: no wildcard action, and `Resource: "*"` only where IAM has no other form. */
const iamLeastPrivilege: Check = (context) => {
  const findings: Finding[] = [];
  for (const [id, role] of [...ofType(context, "AWS::IAM::Role"), ...ofType(context, "AWS::IAM::Policy")]) {
    for (const statement of statementsOf(context.evaluator, role)) {
      if (statement.Effect !== "Allow") continue;
      const actions = list(statement.Action).map(String);
      for (const action of actions.filter((a) => a === "*" || a.endsWith(":*")))
        findings.push({ severity: "error", check: "iam", resource: id, message: `Allows ${action}.` });
      if (list(statement.Resource).includes("*")) {
        for (const action of actions.filter((a) => !RESOURCE_STAR_ACTIONS.has(a)))
          findings.push({
            severity: "error",
            check: "iam",
            resource: id,
            message: `Allows ${action} on every resource.`,
          });
      }
    }
  }
  return findings;
};

/**
 * The user role's trust: whoever may assume it must set exactly one session tag, the user's id
 * (`Null: false` on it, `ForAllValues:StringEquals` on the tag keys).
 */
const userRoleTrust: Check = (context) => {
  const role = context.resources.find(([id]) => id === "UserRole")?.[1];
  if (!role) return [];
  const trust = context.evaluator.evaluate(props(role).AssumeRolePolicyDocument) as { Statement?: unknown };
  const allows = (list(trust?.Statement) as Statement[]).filter((s) => s.Effect === "Allow");
  const exact = (statement: Statement) => {
    const tagKeys = list(statement.Condition?.["ForAllValues:StringEquals"]?.["aws:TagKeys"]);
    const [key] = tagKeys;
    return (
      tagKeys.length === 1 &&
      statement.Condition?.Null?.[`aws:RequestTag/${String(key)}`] === "false" &&
      list(statement.Action).includes("sts:TagSession")
    );
  };
  return allows.length > 0 && allows.every(exact)
    ? []
    : [
        {
          severity: "error",
          check: "user-role-trust",
          resource: "UserRole",
          message: "Its trust does not require exactly the session tag.",
        },
      ];
};

/** Production Cognito: SRP and refresh only, identity attributes not writable, explicit tier, MFA. */
const cognito: Check = (context) => {
  const findings: Finding[] = [];
  for (const [id, client] of ofType(context, "AWS::Cognito::UserPoolClient")) {
    const flows = list(props(client).ExplicitAuthFlows).map(String);
    for (const flow of flows.filter((f) => AUTH_FLOWS_SENDING_PASSWORDS.includes(f)))
      findings.push({
        severity: "error",
        check: "cognito",
        resource: id,
        message: `${flow}: only SRP and refresh on AWS.`,
      });
    const writable = list(props(client).WriteAttributes).map(String);
    if (writable.length === 0 || writable.some((a) => IDENTITY_ATTRIBUTES.includes(a)))
      findings.push({
        severity: "error",
        check: "cognito",
        resource: id,
        message: "Users may write name, preferred_username or email.",
      });
  }
  for (const [id, pool] of ofType(context, "AWS::Cognito::UserPool")) {
    const properties = context.evaluator.evaluate(props(pool)) as Record<string, unknown>;
    if (!properties.UserPoolTier)
      findings.push({
        severity: "error",
        check: "cognito",
        resource: id,
        message: "No UserPoolTier: AWS's default (Essentials) is billed.",
      });
    if (properties.MfaConfiguration === undefined || properties.MfaConfiguration === "OFF")
      findings.push({
        severity: "warning",
        check: "cognito",
        resource: id,
        message: "MFA is off (mfa=optional or required).",
      });
    if (properties.EmailConfiguration === undefined)
      findings.push({
        severity: "warning",
        check: "cognito",
        resource: id,
        message: "Email goes through Cognito's own sender, limited to a few a day (sesIdentityArn).",
      });
  }
  return findings;
};

/** The app instance: never plain Retain (a failed first deploy would leave it behind), and a ServiceTimeout. */
const appInstance: Check = (context) =>
  context.resources
    .filter(([, resource]) => resource.Type === "Custom::ChimeAppInstance")
    .flatMap(([id, resource]) => {
      const findings: Finding[] = [];
      if (!["RetainExceptOnCreate", "Delete"].includes(resource.DeletionPolicy ?? "Delete"))
        findings.push({
          severity: "error",
          check: "app-instance",
          resource: id,
          message: `DeletionPolicy ${resource.DeletionPolicy} keeps what a failed deploy made.`,
        });
      if (!props(resource).ServiceTimeout)
        findings.push({
          severity: "error",
          check: "app-instance",
          resource: id,
          message: "No ServiceTimeout: CloudFormation would wait an hour for an answer.",
        });
      return findings;
    });

/** The push channels' credentials (deploy/push.js): each a Secrets Manager dynamic reference, never a value. */
const PUSH_CREDENTIALS = [
  "TokenKey",
  "TokenKeyId",
  "TeamId",
  "BundleId",
  "PrivateKey",
  "Certificate",
  "ServiceJson",
  "ApiKey",
];
const pushCredentials: Check = (context) =>
  context.resources
    .filter(([, resource]) => /^AWS::Pinpoint::(APNS\w*|GCM)Channel$/.test(resource.Type))
    .flatMap(([id, resource]) =>
      PUSH_CREDENTIALS.filter((name) => props(resource)[name] !== undefined)
        .filter((name) => !/^\{\{resolve:secretsmanager:[^}]+\}\}$/.test(String(props(resource)[name])))
        .map((name) => ({
          severity: "error" as const,
          check: "push-secrets",
          resource: id,
          message: `${name} is not a Secrets Manager dynamic reference: the template would carry it.`,
        })),
    );

/** Every alarm notifies someone. */
const alarmsNotify: Check = (context) =>
  ofType(context, "AWS::CloudWatch::Alarm")
    .filter(([, alarm]) => list(props(alarm).AlarmActions).length === 0)
    .map(([id]) => ({
      severity: "error",
      check: "alarms",
      resource: id,
      message: "An alarm without AlarmActions notifies nobody.",
    }));

const CHECKS: Check[] = [
  referencesResolve,
  accessLogs,
  logRetention,
  routesAuthorized,
  jwtAuthorizer,
  lambdaFunctions,
  iamLeastPrivilege,
  userRoleTrust,
  cognito,
  appInstance,
  alarmsNotify,
  pushCredentials,
];

/** The findings on one packaged template. */
export function checkTemplate(template: Template, options: { region?: string } = {}): Finding[] {
  const evaluator = new Evaluator(template, placeholderStack(template, options));
  const resources = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Condition === undefined || evaluator.condition(resource.Condition),
  );
  return CHECKS.flatMap((check) => check({ template, evaluator, resources }));
}
