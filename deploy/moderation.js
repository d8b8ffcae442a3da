/**
 * Moderation before delivery (`moderation=true`; off by default): a Chime channel flow whose processor
 * is the moderation function (handlers/moderationProcessor.ts), every new channel the API creates
 * associated with it, and the denials kept for their senders. serverless.yml uses three exports:
 *
 * - `resources`, a fragment of its `resources` list: the flow (the ChannelFlow custom resource, served
 *   by the app instance bootstrap function, with the policy that lets it), the processor's own role
 *   (policies/moderation-processor-role.json: ChannelFlowCallback on the app instance's channels,
 *   PutItem on the denials), Chime's permission to invoke the processor, the denials' table, and what
 *   the API's and the users' roles add (policies/server-role-moderation.json: AssociateChannelFlow and
 *   GetItem on the denials; policies/user-role-moderation.json: no CreateChannel of their own, so that
 *   no channel escapes the flow). Nothing when off, and nothing on the offline stage (`npm start` makes
 *   its flow itself, local/stack/bootstrap.ts).
 * - `processorFunction`: the processor's definition (`null` when off, which drops it). On the offline
 *   stage it runs under sls offline, signed with the local moderation role's key.
 * - `apiEnvironment`: the API function's CHIME_CHANNEL_FLOW_ARN and MODERATION_DECISIONS_TABLE.
 *
 * docs/deploy.md, "Moderation", has the parameters and what each part costs.
 */
"use strict";
/* global Buffer */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, loaded with require() by Serverless
const { ParameterError, boolean, oneOf, bootstrapEnvironment, OFFLINE_STAGE } = require("./serverless.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const policies = require("../policies/serverless.js");

/** The resource type the bootstrap function serves as a channel flow (handlers/appInstanceBootstrap.ts). */
const CHANNEL_FLOW_RESOURCE_TYPE = "Custom::ChimeChannelFlow";
const FUNCTION_KEY = "moderationProcessor";
/** Serverless's logical id of the function `moderationProcessor`. */
const FUNCTION_RESOURCE = "ModerationProcessorLambdaFunction";
const PERSONAL_DATA_KINDS = ["email", "phone", "card"];
/**
 * Lambda keeps a function's environment under 4 KB in all; the word list must leave room for the
 * rest. A longer list belongs in code (src/moderation/policy.ts reads a list, wherever it comes from).
 */
const WORDS_MAX_BYTES = 3000;

/** The moderation parameters, checked (a bad one fails `osls package`, naming it). */
async function moderationSettings(resolveVariable) {
  const param = (name) => resolveVariable(`param:${name}`);
  const [stage, enabled, words, wordAction, personalData, personalDataAction, fallback] = await Promise.all([
    resolveVariable("sls:stage"),
    param("moderation"),
    param("moderationWords"),
    param("moderationWordAction"),
    param("moderationPersonalData"),
    param("moderationPersonalDataAction"),
    param("moderationFallback"),
  ]);
  const wordList = String(words)
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
  for (const word of wordList) {
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (word.length > 100 || /[\u0000-\u001f]/.test(word)) {
      throw new ParameterError(
        "moderationWords",
        `"${word.slice(0, 20)}..." is not a word or phrase of 1 to 100 characters.`,
      );
    }
  }
  if (Buffer.byteLength(wordList.join(","), "utf8") > WORDS_MAX_BYTES) {
    throw new ParameterError(
      "moderationWords",
      `is over ${WORDS_MAX_BYTES} bytes (Lambda's environment holds 4 KB in all).`,
    );
  }
  const kinds = String(personalData).trim();
  if (kinds !== "" && kinds !== "none") {
    for (const kind of kinds.split(",").map((item) => item.trim()))
      oneOf("moderationPersonalData", kind, PERSONAL_DATA_KINDS);
  }
  return {
    stage,
    offline: stage === OFFLINE_STAGE,
    enabled: boolean("moderation", enabled),
    words: wordList.join(","),
    wordAction: oneOf("moderationWordAction", wordAction, ["deny", "mask"]),
    personalData: kinds,
    personalDataAction: oneOf("moderationPersonalDataAction", personalDataAction, ["deny", "mask"]),
    fallback: oneOf("moderationFallback", fallback, ["ABORT", "CONTINUE"]),
  };
}

/** The processor's configuration (src/moderation/config.ts reads it). */
function processorVariables(settings) {
  return {
    MODERATION_WORDS: settings.words,
    MODERATION_WORD_ACTION: settings.wordAction,
    MODERATION_PERSONAL_DATA: settings.personalData,
    MODERATION_PERSONAL_DATA_ACTION: settings.personalDataAction,
  };
}

async function processorFunction({ resolveVariable }) {
  const settings = await moderationSettings(resolveVariable);
  if (!settings.enabled) return null;
  const common = {
    handler: "handlers/moderationProcessor.handler",
    // A message waits for it: the processor is a few milliseconds of string matching and one callback.
    memorySize: 256,
    timeout: 10,
  };
  // None of the API's configuration (the variables of provider.environment, which every function inherits).
  const blank = await bootstrapEnvironment({ resolveVariable });
  if (settings.offline) {
    const env = (name) => resolveVariable(`env:${name}, ''`);
    const [accessKeyId, secretAccessKey, table] = await Promise.all([
      env("MODERATION_ACCESS_KEY_ID"),
      env("MODERATION_SECRET_ACCESS_KEY"),
      env("MODERATION_DECISIONS_TABLE"),
    ]);
    return {
      ...common,
      environment: {
        ...blank,
        ...processorVariables(settings),
        MODERATION_DECISIONS_TABLE: table,
        // `npm start`'s moderation role's key: the processor acts as its own role, not as the API's.
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
      },
    };
  }
  return {
    ...common,
    role: "ModerationProcessorRole",
    environment: {
      ...blank,
      ...processorVariables(settings),
      MODERATION_DECISIONS_TABLE: { Ref: "ModerationDecisionsTable" },
    },
  };
}

async function apiEnvironment({ resolveVariable }) {
  const settings = await moderationSettings(resolveVariable);
  if (!settings.enabled) return {};
  if (settings.offline) {
    const [flow, table] = await Promise.all([
      resolveVariable("env:CHIME_CHANNEL_FLOW_ARN, ''"),
      resolveVariable("env:MODERATION_DECISIONS_TABLE, ''"),
    ]);
    return { CHIME_CHANNEL_FLOW_ARN: flow, MODERATION_DECISIONS_TABLE: table };
  }
  return {
    CHIME_CHANNEL_FLOW_ARN: { "Fn::GetAtt": ["ModerationChannelFlow", "ChannelFlowArn"] },
    MODERATION_DECISIONS_TABLE: { Ref: "ModerationDecisionsTable" },
  };
}

const APP_INSTANCE_ARN = { "Fn::GetAtt": ["AppInstance", "AppInstanceArn"] };
const sub = (template) => ({ "Fn::Sub": [template, { AppInstanceArn: APP_INSTANCE_ARN }] });

/**
 * What the bootstrap function's role needs for the ChannelFlow resource (src/bootstrap/channelFlow.ts),
 * by the resources IAM checks for each action (docs/aws-behaviour.md §3): the flow's Create on the app
 * instance; Describe, Update, Delete and the channel list on its flows; Disassociate as the backend
 * user, on the channels and the flow.
 */
function bootstrapFlowPolicy() {
  return {
    Type: "AWS::IAM::Policy",
    Properties: {
      PolicyName: "manage-the-moderation-channel-flow",
      Roles: [{ Ref: "AppInstanceBootstrapRole" }],
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "CreateTheFlow", Effect: "Allow", Action: "chime:CreateChannelFlow", Resource: APP_INSTANCE_ARN },
          {
            Sid: "ManageItsFlows",
            Effect: "Allow",
            Action: [
              "chime:DescribeChannelFlow",
              "chime:UpdateChannelFlow",
              "chime:DeleteChannelFlow",
              "chime:ListChannelsAssociatedWithChannelFlow",
            ],
            Resource: sub("${AppInstanceArn}/channel-flow/*"),
          },
          {
            Sid: "FreeItsChannelsAsTheBackendUser",
            Effect: "Allow",
            Action: "chime:DisassociateChannelFlow",
            Resource: [
              { "Fn::GetAtt": ["AppInstance", "BackendUserArn"] },
              sub("${AppInstanceArn}/channel/*"),
              sub("${AppInstanceArn}/channel-flow/*"),
            ],
          },
        ],
      },
    },
  };
}

async function resources({ resolveVariable }) {
  const settings = await moderationSettings(resolveVariable);
  if (!settings.enabled || settings.offline) return { Resources: {} };
  const [service, stage, processorPolicy, serverPolicy, userPolicy] = await Promise.all([
    resolveVariable("self:service"),
    resolveVariable("sls:stage"),
    policies.moderationProcessorPolicy({ resolveVariable }),
    policies.serverRoleModerationPolicy({ resolveVariable }),
    policies.userRoleModerationPolicy({ resolveVariable }),
  ]);
  const functionName = `${service}-${stage}-${FUNCTION_KEY}`;
  return {
    Resources: {
      // One small item per denied message, for a week (src/moderation/decisions.ts); on-demand.
      ModerationDecisionsTable: {
        Type: "AWS::DynamoDB::Table",
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Delete",
        Properties: {
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
        },
      },
      ModerationProcessorRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          },
          Policies: [
            { PolicyName: "answer-the-channel-flow", PolicyDocument: processorPolicy },
            {
              PolicyName: "write-its-logs",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: {
                      "Fn::Sub": `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`,
                    },
                  },
                ],
              },
            },
          ],
        },
      },
      // DG "Setting up a Channel Processor": Chime's messaging service invokes the processor. AWS's
      // example names every app instance of the account (`app-instance/*`); this names this stack's
      // only: its ARN and what is under it (Lambda compares SourceArn with ArnLike).
      ModerationProcessorInvokePermission: {
        Type: "AWS::Lambda::Permission",
        Properties: {
          FunctionName: { "Fn::GetAtt": [FUNCTION_RESOURCE, "Arn"] },
          Action: "lambda:InvokeFunction",
          Principal: "messaging.chime.amazonaws.com",
          SourceAccount: { Ref: "AWS::AccountId" },
          SourceArn: sub("${AppInstanceArn}*"),
        },
      },
      AppInstanceBootstrapModerationPolicy: bootstrapFlowPolicy(),
      ApiModerationPolicy: {
        Type: "AWS::IAM::Policy",
        Properties: {
          PolicyName: "associate-new-channels-and-read-denials",
          Roles: [{ Ref: "IamRoleLambdaExecution" }],
          PolicyDocument: serverPolicy,
        },
      },
      UserRoleModerationPolicy: {
        Type: "AWS::IAM::Policy",
        Properties: {
          PolicyName: "channels-through-the-api",
          Roles: [{ Ref: "UserRole" }],
          PolicyDocument: userPolicy,
        },
      },
      // The flow. Deleted with the feature (never retained): a channel left on a flow whose function is
      // gone could send nothing; its Delete frees the channels first (src/bootstrap/channelFlow.ts).
      ModerationChannelFlow: {
        Type: CHANNEL_FLOW_RESOURCE_TYPE,
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Delete",
        // The bootstrap may act on flows, Chime may invoke the processor, and the API may associate
        // channels (its function's environment names this flow, so it waits for this resource).
        DependsOn: [
          "AppInstanceBootstrapModerationPolicy",
          "ModerationProcessorInvokePermission",
          "ApiModerationPolicy",
        ],
        Properties: {
          ServiceToken: { "Fn::GetAtt": ["AppInstanceBootstrapLambdaFunction", "Arn"] },
          ServiceTimeout: 300,
          AppInstanceArn: APP_INSTANCE_ARN,
          Name: `${service}-${stage}-moderation`,
          ProcessorLambdaArn: { "Fn::GetAtt": [FUNCTION_RESOURCE, "Arn"] },
          FallbackAction: settings.fallback,
          BackendUserArn: { "Fn::GetAtt": ["AppInstance", "BackendUserArn"] },
        },
      },
    },
    Outputs: {
      ChannelFlowArn: {
        Description: "The moderation channel flow; new channels created through the API run it.",
        Value: { "Fn::GetAtt": ["ModerationChannelFlow", "ChannelFlowArn"] },
      },
    },
  };
}

module.exports = { resources, processorFunction, apiEnvironment, moderationSettings };
