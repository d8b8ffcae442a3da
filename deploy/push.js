/**
 * Mobile push, as a fragment of serverless.yml's `resources` list (`${file(./deploy/push.js):resources}`):
 * an Amazon Pinpoint application with an APNs and/or an FCM channel when `pushApnsSecret` and/or
 * `pushFcmSecret` are given, and nothing at all when neither is (the API then answers NOT_CONFIGURED).
 *
 * Credentials never enter the template: the parameters name Secrets Manager secrets, and the channels
 * read them with CloudFormation dynamic references (`{{resolve:secretsmanager:...}}`), which CloudFormation
 * resolves when it calls Pinpoint and never shows. Not SSM: CloudFormation accepts `ssm-secure` only in a
 * fixed list of properties, with no Pinpoint channel among them, and a plain `ssm` String would be no
 * secret (docs/deploy.md, "Mobile push").
 *
 * What it makes (developer guide, "Using mobile push notifications"):
 * - PushApp (AWS::Pinpoint::App) and its channels: APNs (production and/or sandbox, and their VoIP
 *   channels with `pushApnsVoip`) with token authentication, FCM with the service account JSON;
 * - the role Chime sends through the app with, which Chime only accepts under the name
 *   ServiceRoleForAmazonChimePushNotification (trust: messaging.chime.amazonaws.com;
 *   policies/push-service-role*.json). IAM names are per account: one stack makes it (`pushServiceRole=
 *   create`), other stacks of the account add their app to it (`existing`);
 * - the API's and the user role's push permissions (policies/server-role-push.json, user-role-push.json):
 *   devices and preferences, and mobiletargeting:GetApp on this app, without which Chime refuses to
 *   register a device (403).
 */
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, loaded with require() by Serverless
const { renderDocument } = require("../policies/serverless.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { ParameterError } = require("./serverless.js");

/** Logical ids (the policies name PushApp through `{{PushAppArn}}`, policies/serverless.js). */
const PUSH_APP = "PushApp";
const SERVER_ROLE = "IamRoleLambdaExecution";
const USER_ROLE = "UserRole";
/** "You must use the name listed above. The Amazon Chime SDK only accepts that specific name." (guide) */
const CHIME_PUSH_ROLE_NAME = "ServiceRoleForAmazonChimePushNotification";
const OFFLINE_STAGE = "local";

const APNS_ENVIRONMENTS = ["production", "sandbox"];

/** A secret's name, or its ARN in the stack's region (dynamic references read secrets of their region). */
function secretReference(name, value, region) {
  const text = String(value).trim();
  if (text === "") return undefined;
  const arn = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:[\w/+=.@-]+$/.exec(text);
  if (arn && arn[1] !== region) {
    throw new ParameterError(name, `the secret is in ${arn[1]}; the stack deploys to ${region}.`);
  }
  if (!arn && !/^[\w/+=.@-]{1,512}$/.test(text)) {
    // Most likely the secret itself (a key, JSON): refused before it could reach a template or a log.
    throw new ParameterError(name, "must be a Secrets Manager secret's name or ARN, never the secret's value.");
  }
  return text;
}

/** `{{resolve:secretsmanager:<id>:SecretString[:<key>]}}` */
function resolveSecret(secret, jsonKey) {
  return `{{resolve:secretsmanager:${secret}:SecretString${jsonKey ? `:${jsonKey}` : ""}}}`;
}

function list(name, value, allowed) {
  const items = [
    ...new Set(
      String(value)
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = items.filter((item) => !allowed.includes(item));
  if (items.length === 0 || unknown.length > 0) {
    throw new ParameterError(name, `must list some of ${allowed.join(", ")}, not "${value}".`);
  }
  return items;
}

function flag(name, value) {
  const text = String(value).trim().toLowerCase();
  if (text !== "true" && text !== "false") throw new ParameterError(name, `must be true or false, not "${value}".`);
  return text === "true";
}

/** The push parameters, checked; undefined when push is off (or on the offline stage). */
async function pushSettings(resolveVariable) {
  const param = (name) => resolveVariable(`param:${name}`);
  const [stage, region, apns, environments, voip, fcm, serviceRole] = await Promise.all([
    resolveVariable("sls:stage"),
    resolveVariable("self:provider.region"),
    param("pushApnsSecret"),
    param("pushApnsEnvironments"),
    param("pushApnsVoip"),
    param("pushFcmSecret"),
    param("pushServiceRole"),
  ]);
  if (stage === OFFLINE_STAGE) return undefined;
  const apnsSecret = secretReference("pushApnsSecret", apns, region);
  const fcmSecret = secretReference("pushFcmSecret", fcm, region);
  if (!apnsSecret && !fcmSecret) return undefined;
  const role = String(serviceRole).trim();
  if (role !== "create" && role !== "existing") {
    throw new ParameterError("pushServiceRole", `must be create or existing, not "${serviceRole}".`);
  }
  return {
    apnsSecret,
    apnsEnvironments: apnsSecret ? list("pushApnsEnvironments", environments, APNS_ENVIRONMENTS) : [],
    apnsVoip: flag("pushApnsVoip", voip),
    fcmSecret,
    createServiceRole: role === "create",
  };
}

/** The APNs channels, token-authenticated with the secret's JSON keys (docs/deploy.md, "Mobile push"). */
function apnsChannels(settings) {
  const types = settings.apnsEnvironments.flatMap((environment) => {
    const suffix = environment === "sandbox" ? "Sandbox" : "";
    return [`APNS${suffix}`, ...(settings.apnsVoip ? [`APNSVoip${suffix}`] : [])];
  });
  return Object.fromEntries(
    types.map((type) => [
      `Push${type}Channel`,
      {
        Type: `AWS::Pinpoint::${type}Channel`,
        Properties: {
          ApplicationId: { Ref: PUSH_APP },
          Enabled: true,
          DefaultAuthenticationMethod: "key",
          BundleId: resolveSecret(settings.apnsSecret, "bundleId"),
          TeamId: resolveSecret(settings.apnsSecret, "teamId"),
          TokenKeyId: resolveSecret(settings.apnsSecret, "keyId"),
          TokenKey: resolveSecret(settings.apnsSecret, "tokenKey"),
        },
      },
    ]),
  );
}

function policy(name, document, roles) {
  return { Type: "AWS::IAM::Policy", Properties: { PolicyName: name, PolicyDocument: document, Roles: roles } };
}

async function resources({ resolveVariable }) {
  const settings = await pushSettings(resolveVariable);
  if (!settings) return { Resources: {} };
  const [service, stage] = await Promise.all([resolveVariable("self:service"), resolveVariable("sls:stage")]);
  const name = `${service}-${stage}`;
  const serviceRole = settings.createServiceRole ? { Ref: "ChimePushServiceRole" } : CHIME_PUSH_ROLE_NAME;
  const [serverPolicy, userPolicy, sendPolicy, sendTrust] = await Promise.all(
    ["server-role-push", "user-role-push", "push-service-role", "push-service-role-trust"].map((document) =>
      renderDocument(document, resolveVariable),
    ),
  );
  return {
    Resources: {
      [PUSH_APP]: { Type: "AWS::Pinpoint::App", Properties: { Name: name } },
      ...(settings.apnsSecret ? apnsChannels(settings) : {}),
      ...(settings.fcmSecret
        ? {
            PushGCMChannel: {
              Type: "AWS::Pinpoint::GCMChannel",
              Properties: {
                ApplicationId: { Ref: PUSH_APP },
                Enabled: true,
                // FCM's HTTP v1 API with the service account (the legacy server keys are retired).
                DefaultAuthenticationMethod: "TOKEN",
                ServiceJson: resolveSecret(settings.fcmSecret),
              },
            },
          }
        : {}),
      ...(settings.createServiceRole
        ? {
            ChimePushServiceRole: {
              Type: "AWS::IAM::Role",
              // Kept by a `remove`: other stacks of the account may send through it too.
              DeletionPolicy: "Retain",
              UpdateReplacePolicy: "Retain",
              Properties: { RoleName: CHIME_PUSH_ROLE_NAME, AssumeRolePolicyDocument: sendTrust },
            },
          }
        : {}),
      ChimePushServiceRolePolicy: policy(`${name}-push`, sendPolicy, [serviceRole]),
      PushServerRolePolicy: policy(`${name}-push`, serverPolicy, [{ Ref: SERVER_ROLE }]),
      // The user role's trust names the server role: it exists first (serverless.yml's UserRole).
      PushUserRolePolicy: policy(`${name}-push`, userPolicy, [{ Ref: USER_ROLE }]),
    },
    Outputs: {
      PushAppArn: {
        Description: "The push application devices register with.",
        Value: { "Fn::GetAtt": [PUSH_APP, "Arn"] },
      },
    },
  };
}

/** The API's CHIME_PUSH_APP_ARN: the app's ARN, or empty without push (NOT_CONFIGURED). */
async function appArn({ resolveVariable }) {
  return (await pushSettings(resolveVariable)) ? { "Fn::GetAtt": [PUSH_APP, "Arn"] } : "";
}

module.exports = { resources, appArn, pushSettings };
