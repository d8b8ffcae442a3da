/**
 * Reading a packaged template in tests: a made-up stack to evaluate its references against (the ids,
 * ARNs and attributes CloudFormation would give), policies/index.ts's rendering with the same values,
 * and the lookups the deploy tests share.
 */
import { renderPolicy, type PolicyName, type PolicyParameters } from "../../policies";
import type { Context } from "aws-lambda";
import type { FakeStack, Template } from "./cloudFormation";

export function fakeStack(template: Template, overrides: Partial<FakeStack> = {}): FakeStack {
  const accountId = overrides.accountId ?? "123456789012";
  const region = overrides.region ?? "us-east-1";
  const appInstanceArn = `arn:aws:chime:${region}:${accountId}:app-instance/3f2a6c1e-8d4b-4e5f-9a0b-1c2d3e4f5a6b`;
  // The role's real ARN, from the RoleName the template gives it.
  const roleArn = (id: string) => {
    const name = template.Resources[id]?.Properties?.RoleName;
    return `arn:aws:iam::${accountId}:role/${typeof name === "string" ? name : `${id}-generated`}`;
  };
  return {
    partition: "aws",
    region,
    accountId,
    stackName: "chime-chat-api-dev",
    refs: {
      UserPool: `${region}_AbCdEf123`,
      UserPoolClient: "1example23456789abcdefghij",
      HttpApi: "a1b2c3d4e5",
      GraphqlLambdaFunction: "chime-chat-api-dev-graphql",
      HttpApiAuthorizerCognito: "abc123",
      ServerlessDeploymentBucket: "chime-chat-api-dev-serverlessdeploymentbucket-1a2b3c",
      AppInstanceBootstrapRole: "chime-chat-api-dev-AppInstanceBootstrapRole-1A2B3C",
      RateLimitTable: "chime-chat-api-dev-RateLimitTable-1A2B3C4D5E6F",
      ModerationDecisionsTable: "chime-chat-api-dev-ModerationDecisionsTable-1A2B3C",
      IamRoleLambdaExecution: "chime-chat-api-dev-us-east-1-server",
      UserRole: "chime-chat-api-dev-us-east-1-user",
    },
    attributes: {
      AppInstance: { AppInstanceArn: appInstanceArn, BackendUserArn: `${appInstanceArn}/user/backend_worker` },
      UserRole: { Arn: roleArn("UserRole") },
      RateLimitTable: {
        Arn: `arn:aws:dynamodb:${region}:${accountId}:table/chime-chat-api-dev-RateLimitTable-1A2B3C4D5E6F`,
      },
      ModerationDecisionsTable: {
        Arn: `arn:aws:dynamodb:${region}:${accountId}:table/chime-chat-api-dev-ModerationDecisionsTable-1A2B3C`,
      },
      ModerationChannelFlow: { ChannelFlowArn: `${appInstanceArn}/channel-flow/6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a` },
      ModerationProcessorRole: { Arn: roleArn("ModerationProcessorRole") },
      ModerationProcessorLambdaFunction: {
        Arn: `arn:aws:lambda:${region}:${accountId}:function:chime-chat-api-dev-moderationProcessor`,
      },
      IamRoleLambdaExecution: { Arn: roleArn("IamRoleLambdaExecution") },
      AppInstanceBootstrapRole: {
        Arn: `arn:aws:iam::${accountId}:role/chime-chat-api-dev-AppInstanceBootstrapRole-1A2B3C`,
      },
      AppInstanceBootstrapLambdaFunction: {
        Arn: `arn:aws:lambda:${region}:${accountId}:function:chime-chat-api-dev-appInstanceBootstrap`,
      },
      HttpApi: { ApiEndpoint: `https://a1b2c3d4e5.execute-api.${region}.amazonaws.com` },
      HttpApiLogGroup: { Arn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/http-api/chime-chat-api-dev` },
    },
    ...overrides,
  };
}

/** The parameters policies/index.ts renders with, taken from the same made-up stack. */
export function policyParameters(
  stack: FakeStack,
  sessionTagKey = "my_applications_user_id",
  reservedUserIds = ["backend_worker"],
): PolicyParameters {
  return {
    AppInstanceArn: stack.attributes.AppInstance.AppInstanceArn,
    SessionTagKey: sessionTagKey,
    ServerRoleArn: stack.attributes.IamRoleLambdaExecution.Arn,
    UserRoleArn: stack.attributes.UserRole.Arn,
    RateLimitTableArn: stack.attributes.RateLimitTable.Arn,
    ReservedUserIds: reservedUserIds,
    ModerationDecisionsTableArn: stack.attributes.ModerationDecisionsTable.Arn,
  };
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
}

/** IAM reads a single action or resource and a list of one alike; Serverless writes lists. */
export function normalized(statements: Statement[]): Statement[] {
  const list = (value: unknown) => (value === undefined ? undefined : [value].flat());
  return statements.map((statement) => ({
    ...statement,
    Action: list(statement.Action) as string[] | undefined,
    Resource: list(statement.Resource),
  }));
}

export function rendered(name: PolicyName, parameters: PolicyParameters): { Statement: Statement[] } {
  return JSON.parse(renderPolicy(name, parameters)) as { Statement: Statement[] };
}

export interface RolePolicy {
  PolicyName: unknown;
  PolicyDocument: { Statement: Statement[] };
}

export function resource(template: Template, id: string) {
  const found = template.Resources[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return found;
}

export function properties(template: Template, id: string): Record<string, unknown> {
  return resource(template, id).Properties ?? {};
}

/** What a custom resource handler answered CloudFormation. */
export interface CustomResourceAnswer {
  Status: string;
  PhysicalResourceId: string;
  Reason?: string;
}

/**
 * A custom resource of the packaged template run as CloudFormation runs it: the handler's dependencies
 * that record its answers (`answers`), a Lambda context, and the event's fixed part (add `RequestType`,
 * `RequestId` and, after a Create, `PhysicalResourceId`).
 */
export function customResourceRun<Properties>(logicalId: string, resourceType: string, resourceProperties: Properties) {
  const answers: CustomResourceAnswer[] = [];
  return {
    answers,
    handlerDependencies: {
      logger: { info: () => undefined, error: () => undefined },
      respond: (_url: string, body: string) => {
        answers.push(JSON.parse(body) as CustomResourceAnswer);
        return Promise.resolve();
      },
    },
    context: { logStreamName: "test", getRemainingTimeInMillis: () => 60_000 } as Context,
    event: {
      ResponseURL: "http://127.0.0.1:1/unused",
      StackId: "arn:aws:cloudformation:us-east-1:111122223333:stack/chime-chat-api-dev/1",
      LogicalResourceId: logicalId,
      ResourceType: resourceType,
      ServiceToken: "arn:aws:lambda:us-east-1:111122223333:function:bootstrap",
      ResourceProperties: resourceProperties,
    },
  };
}
