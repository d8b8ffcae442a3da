/**
 * The IAM documents of this folder for serverless.yml, with CloudFormation references in place of
 * their `{{Placeholders}}`: the same files and the same placeholder rule as policies/index.ts (which
 * the local endpoint uses), so AWS and the local endpoint enforce the same policies.
 *
 * Used as `${file(./policies/serverless.js):serverRoleStatements}` (and userRolePolicy,
 * userRoleTrustPolicy): osls / Serverless v3 and v4 call each export with `resolveVariable`.
 *
 * How a placeholder becomes CloudFormation:
 * - SessionTagKey is known when packaging (`param:sessionTagKey`) and written in as text.
 * - AppInstanceArn is the custom resource's attribute (`Fn::GetAtt AppInstance.AppInstanceArn`).
 * - ServerRoleArn and UserRoleArn are built from the roles' names (`custom.names` in serverless.yml)
 *   with `Fn::Sub`, not `Fn::GetAtt`: the server role's policy names the user role and the user role's
 *   trust policy names the server role, and two `GetAtt`s would make a dependency cycle.
 * A string with a reference becomes `Fn::Sub`; IAM's own `${aws:...}` variables in it are written
 * `${!aws:...}`, CloudFormation's escape for a literal `${` (which also keeps Serverless's variable
 * syntax away from them).
 */
/* global __dirname */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, loaded with require() by Serverless
const { readFileSync } = require("node:fs");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { join } = require("node:path");

/** policies/index.ts's rule: `{{Name}}`, a word. */
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The logical id of the custom resource that makes the app instance (serverless.yml). */
const APP_INSTANCE_RESOURCE = "AppInstance";
/** The logical id of the per-user rate limit table (serverless.yml). */
const RATE_LIMIT_TABLE_RESOURCE = "RateLimitTable";
/** The logical id of the push application (deploy/push.js), named only by the *-push documents. */
const PUSH_APP_RESOURCE = "PushApp";
/** The logical id of the moderation denials' table (deploy/moderation.js, with moderation on). */
const MODERATION_DECISIONS_TABLE_RESOURCE = "ModerationDecisionsTable";

function template(name) {
  return JSON.parse(readFileSync(join(__dirname, `${name}.json`), "utf8"));
}

function roleArnTemplate(roleName) {
  return `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}`;
}

/**
 * Each placeholder's value: `text` (written in), `sub` (a piece of an Fn::Sub template) or `value`
 * (an intrinsic, given to Fn::Sub as a variable).
 */
async function placeholderValues(resolveVariable) {
  const [sessionTagKey, serverRole, userRole, reservedUserIds] = await Promise.all([
    resolveVariable("param:sessionTagKey"),
    resolveVariable("self:custom.names.serverRole"),
    resolveVariable("self:custom.names.userRole"),
    resolveVariable("self:custom.settings.reservedUserIds"),
  ]);
  // As src/config.ts checks CHIME_SESSION_TAG_KEY at the API's start (aws: keys are AWS's own), and
  // without the spaces IAM tag keys may have, which the policy variable cannot carry.
  if (!/^[\w+=.@:/-]{1,128}$/.test(sessionTagKey) || sessionTagKey.toLowerCase().startsWith("aws:")) {
    throw new Error(
      `sessionTagKey "${sessionTagKey}" is not a valid session tag key (1 to 128 of A-Z a-z 0-9 _+=.@:/-, not aws:...).`,
    );
  }
  return {
    SessionTagKey: { text: sessionTagKey },
    AppInstanceArn: { value: { "Fn::GetAtt": [APP_INSTANCE_RESOURCE, "AppInstanceArn"] } },
    ServerRoleArn: { sub: roleArnTemplate(serverRole) },
    UserRoleArn: { sub: roleArnTemplate(userRole) },
    RateLimitTableArn: { value: { "Fn::GetAtt": [RATE_LIMIT_TABLE_RESOURCE, "Arn"] } },
    // Checked and listed by deploy/serverless.js (the backend user's id first).
    ReservedUserIds: { list: reservedUserIds },
    PushAppArn: { value: { "Fn::GetAtt": [PUSH_APP_RESOURCE, "Arn"] } },
    // Only the moderation documents name it, and only deploy/moderation.js renders them, with its table.
    ModerationDecisionsTableArn: { value: { "Fn::GetAtt": [MODERATION_DECISIONS_TABLE_RESOURCE, "Arn"] } },
  };
}

function missing(document, key) {
  return new Error(`Policy ${document} uses {{${key}}}, which has no value.`);
}

/** One string of a policy document, as CloudFormation. */
function renderString(text, values, document) {
  const whole = /^\{\{(\w+)\}\}$/.exec(text);
  if (whole) {
    const value = values[whole[1]];
    if (!value) throw missing(document, whole[1]);
    if (value.value) return value.value;
    if (value.sub) return { "Fn::Sub": value.sub };
    return value.text;
  }
  // Text placeholders first: the session tag key sits inside IAM's `${aws:PrincipalTag/...}`.
  const withText = text.replace(PLACEHOLDER, (match, key) => {
    const value = values[key];
    if (!value) throw missing(document, key);
    return value.text !== undefined ? value.text : match;
  });
  if (!withText.includes("{{") && !withText.includes("${")) return withText;
  const variables = {};
  const subTemplate = withText.replace(/\$\{/g, "${!").replace(PLACEHOLDER, (_, key) => {
    const value = values[key];
    if (value.sub !== undefined) return value.sub;
    variables[key] = value.value;
    return `\${${key}}`;
  });
  return Object.keys(variables).length > 0 ? { "Fn::Sub": [subTemplate, variables] } : { "Fn::Sub": subTemplate };
}

/** The list placeholder of a string, if it has one (policies/index.ts's rule: only in arrays). */
function listPlaceholder(text, values) {
  for (const [, key] of text.matchAll(PLACEHOLDER)) if (values[key] && values[key].list) return key;
  return undefined;
}

/** A key (a condition key such as `aws:RequestTag/{{SessionTagKey}}`): only text placeholders fit there. */
function renderKey(key, values, document) {
  return key.replace(PLACEHOLDER, (match, name) => {
    const value = values[name];
    if (!value) throw missing(document, name);
    if (value.text === undefined)
      throw new Error(`Policy ${document} uses {{${name}}} in a key, where only text fits.`);
    return value.text;
  });
}

function render(node, values, document) {
  if (typeof node === "string") {
    const key = listPlaceholder(node, values);
    if (key) throw new Error(`Policy ${document} uses the list {{${key}}} outside an array.`);
    return renderString(node, values, document);
  }
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const key = typeof item === "string" ? listPlaceholder(item, values) : undefined;
      if (!key) return [render(item, values, document)];
      return values[key].list.map((value) => renderString(item.split(`{{${key}}}`).join(value), values, document));
    });
  }
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [renderKey(key, values, document), render(item, values, document)]),
    );
  }
  return node;
}

async function renderDocument(name, resolveVariable) {
  return render(template(name), await placeholderValues(resolveVariable), name);
}

module.exports = {
  /** The API's Lambda role: `provider.iam.role.statements`. */
  serverRoleStatements: async ({ resolveVariable }) => (await renderDocument("server-role", resolveVariable)).Statement,
  /** The user role's permissions (a PolicyDocument). */
  userRolePolicy: ({ resolveVariable }) => renderDocument("user-role", resolveVariable),
  /** The user role's trust policy (AssumeRolePolicyDocument). */
  userRoleTrustPolicy: ({ resolveVariable }) => renderDocument("user-role-trust", resolveVariable),
  /** Any document of this folder, rendered (deploy/push.js renders the *-push ones). */
  renderDocument,
  /** With moderation on (deploy/moderation.js): the processor's role, and what the API's and users' roles add. */
  moderationProcessorPolicy: ({ resolveVariable }) => renderDocument("moderation-processor-role", resolveVariable),
  serverRoleModerationPolicy: ({ resolveVariable }) => renderDocument("server-role-moderation", resolveVariable),
  userRoleModerationPolicy: ({ resolveVariable }) => renderDocument("user-role-moderation", resolveVariable),
  // For tests: the rendering without Serverless.
  render,
  template,
};
