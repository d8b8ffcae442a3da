/**
 * `osls package` as CI runs it (offline, no AWS credentials), and what it packaged: the CloudFormation
 * template read as CloudFormation would (test/support/cloudFormation.ts evaluates its references
 * against a made-up stack), and the bundles in the zips.
 *
 * - The roles' policies are policies/*.json, the same documents the local endpoint enforces: the
 *   evaluated statements equal policies/index.ts's rendering with the same values.
 * - The graphql function's environment passes src/config.ts's own validation on AWS.
 * - The bootstrap role's policy is enough for the custom resource (run against the local endpoint
 *   with that policy in force), and the packaged graphql bundle serves real requests.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ChimeSDKIdentityClient, DescribeAppInstanceCommand } from "@aws-sdk/client-chime-sdk-identity";
import type { Context } from "aws-lambda";
import { renderPolicy, type PolicyName, type PolicyParameters } from "../../policies";
import { createBootstrapHandler, type BootstrapEvent } from "../../src/bootstrap/customResource";
import { loadConfig } from "../../src/config";
import { dependencies, Evaluator, findCycle, type FakeStack, type Template } from "../support/cloudFormation";
import { clientConfig, createApp, makeAdmin, startTestEndpoint, testRegion } from "../support/localEndpoint";
import { startTestIssuer } from "../support/testJwks";
import { readZip } from "../support/zip";

const root = join(__dirname, "..", "..");
// 0.70 MB in decimal megabytes, as the budget is stated (npm run bench:cold-start prints it too).
const BUNDLE_BUDGET_BYTES = 700_000;

interface Packaged {
  dir: string;
  template: Template;
}

/** osls with none of this machine's AWS settings: CI has no credentials, and packaging needs none. */
async function packageStack(args: string[]): Promise<Packaged> {
  const dir = mkdtempSync(join(tmpdir(), "chime-chat-api-package-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  await promisify(execFile)(
    process.execPath,
    [require.resolve("osls/bin/serverless.js"), "package", "--package", dir, ...args],
    { cwd: root, env: { ...env, HOME: dir, SLS_TELEMETRY_DISABLED: "1" }, timeout: 120_000 },
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON written by osls
  const template = require(join(dir, "cloudformation-template-update-stack.json")) as Template;
  return { dir, template };
}

function fakeStack(template: Template, overrides: Partial<FakeStack> = {}): FakeStack {
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
      ServerlessDeploymentBucket: "chime-chat-api-dev-serverlessdeploymentbucket-1a2b3c",
      AppInstanceBootstrapRole: "chime-chat-api-dev-AppInstanceBootstrapRole-1A2B3C",
      RateLimitTable: "chime-chat-api-dev-RateLimitTable-1A2B3C4D5E6F",
    },
    attributes: {
      AppInstance: { AppInstanceArn: appInstanceArn, BackendUserArn: `${appInstanceArn}/user/backend_worker` },
      UserRole: { Arn: roleArn("UserRole") },
      RateLimitTable: {
        Arn: `arn:aws:dynamodb:${region}:${accountId}:table/chime-chat-api-dev-RateLimitTable-1A2B3C4D5E6F`,
      },
      IamRoleLambdaExecution: { Arn: roleArn("IamRoleLambdaExecution") },
      AppInstanceBootstrapRole: {
        Arn: `arn:aws:iam::${accountId}:role/chime-chat-api-dev-AppInstanceBootstrapRole-1A2B3C`,
      },
      AppInstanceBootstrapLambdaFunction: {
        Arn: `arn:aws:lambda:${region}:${accountId}:function:chime-chat-api-dev-appInstanceBootstrap`,
      },
      HttpApi: { ApiEndpoint: `https://a1b2c3d4e5.execute-api.${region}.amazonaws.com` },
    },
    ...overrides,
  };
}

/** The parameters policies/index.ts renders with, taken from the same made-up stack. */
function policyParameters(
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
  };
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
}

/** IAM reads a single action or resource and a list of one alike; Serverless writes lists. */
function normalized(statements: Statement[]): Statement[] {
  const list = (value: unknown) => (value === undefined ? undefined : [value].flat());
  return statements.map((statement) => ({
    ...statement,
    Action: list(statement.Action) as string[] | undefined,
    Resource: list(statement.Resource),
  }));
}

function rendered(name: PolicyName, parameters: PolicyParameters): { Statement: Statement[] } {
  return JSON.parse(renderPolicy(name, parameters)) as { Statement: Statement[] };
}

interface RolePolicy {
  PolicyName: unknown;
  PolicyDocument: { Statement: Statement[] };
}

function resource(template: Template, id: string) {
  const found = template.Resources[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return found;
}

function properties(template: Template, id: string): Record<string, unknown> {
  return resource(template, id).Properties ?? {};
}

describe("osls package --stage dev", () => {
  let packaged: Packaged;
  let template: Template;
  let stack: FakeStack;
  let cfn: Evaluator;

  beforeAll(async () => {
    // A throwaway developer stage: `retain=false`, so that Delete removes what the stack made (the
    // default, retain=true, is the prod variant's below).
    packaged = await packageStack(["--stage", "dev", "--param=retain=false"]);
    template = packaged.template;
    stack = fakeStack(template);
    cfn = new Evaluator(template, stack);
  }, 120_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  test("the API role's statements are policies/server-role.json; the rest are Serverless's own log permissions", () => {
    const role = properties(template, "IamRoleLambdaExecution");
    expect(role.RoleName).toBe("chime-chat-api-dev-us-east-1-server");
    const [policy] = role.Policies as RolePolicy[];
    const statements = cfn.evaluate(policy.PolicyDocument.Statement) as Statement[];
    const ours = statements.filter((statement) => statement.Sid !== undefined);
    const serverless = statements.filter((statement) => statement.Sid === undefined);
    expect(normalized(ours)).toEqual(normalized(rendered("server-role", policyParameters(stack)).Statement));
    for (const statement of serverless) {
      for (const action of [statement.Action].flat()) expect(action).toMatch(/^logs:/);
    }
    // The references: the app instance from the custom resource; the user role by its name (a
    // GetAtt would be a cycle with the user role's trust policy).
    const raw = JSON.stringify(policy.PolicyDocument);
    expect(raw).toContain('{"Fn::GetAtt":["AppInstance","AppInstanceArn"]}');
    expect(raw).toContain(
      '"Fn::Sub":"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/chime-chat-api-dev-us-east-1-user"',
    );
    expect(raw).not.toContain("UserRole");
  });

  test("the user role: user-role.json as its policy, user-role-trust.json as its trust, an hour of session", () => {
    const role = resource(template, "UserRole");
    const parameters = policyParameters(stack);
    const { AssumeRolePolicyDocument, Policies, MaxSessionDuration, RoleName } = role.Properties ?? {};
    expect(RoleName).toBe("chime-chat-api-dev-us-east-1-user");
    expect(normalized((cfn.evaluate(AssumeRolePolicyDocument) as { Statement: Statement[] }).Statement)).toEqual(
      normalized(rendered("user-role-trust", parameters).Statement),
    );
    const [policy] = Policies as RolePolicy[];
    expect(normalized((cfn.evaluate(policy.PolicyDocument) as { Statement: Statement[] }).Statement)).toEqual(
      normalized(rendered("user-role", parameters).Statement),
    );
    // IAM's own variable survives as text: the credentials act only as the tagged user.
    expect(JSON.stringify(cfn.evaluate(policy.PolicyDocument))).toContain(
      "/user/${aws:PrincipalTag/my_applications_user_id}",
    );
    // The trust policy names the API role, which must exist first; STS caps role chaining at an hour.
    expect([role.DependsOn].flat()).toContain("IamRoleLambdaExecution");
    expect(MaxSessionDuration).toBe(3600);
  });

  test("the graphql function: nodejs22.x, and an environment that src/config.ts accepts on AWS", () => {
    const fn = properties(template, "GraphqlLambdaFunction");
    expect(fn).toMatchObject({ Runtime: "nodejs22.x", Handler: "handlers/graphql.handler", Architectures: ["arm64"] });
    const variables = cfn.evaluate((fn.Environment as { Variables: unknown }).Variables) as Record<string, string>;
    // Lambda sets AWS_REGION itself.
    const config = loadConfig({ ...variables, AWS_REGION: stack.region });
    expect(config).toMatchObject({
      environment: "aws",
      region: "us-east-1",
      appInstanceArn: stack.attributes.AppInstance.AppInstanceArn,
      backendUserArn: stack.attributes.AppInstance.BackendUserArn,
      auth: {
        mode: "aws",
        userPoolId: stack.refs.UserPool,
        clientIds: [stack.refs.UserPoolClient],
        adminGroup: "admins",
      },
      graphql: { introspection: false, suggestions: false },
    });
    // Read by the credentials mutation (being added beside this work).
    expect(variables).toMatchObject({
      CHIME_USER_ROLE_ARN: stack.attributes.UserRole.Arn,
      CHIME_SESSION_TAG_KEY: "my_applications_user_id",
      CREDENTIALS_DURATION_SECONDS: "3600",
      COGNITO_ISSUER: "",
      NODE_OPTIONS: "--enable-source-maps",
    });
  });

  test("the rate limit table: on-demand, TTL, no PITR; the API role may only UpdateItem on it", () => {
    const table = resource(template, "RateLimitTable");
    expect(table).toMatchObject({ Type: "AWS::DynamoDB::Table", DeletionPolicy: "Delete" });
    expect(table.Properties).toEqual({
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
    // The API knows the table by name, and its role may write only there, only UpdateItem.
    const fn = properties(template, "GraphqlLambdaFunction");
    const variables = cfn.evaluate((fn.Environment as { Variables: unknown }).Variables) as Record<string, string>;
    expect(variables.RATE_LIMIT_TABLE).toBe(stack.refs.RateLimitTable);
    const config = loadConfig({ ...variables, AWS_REGION: stack.region });
    expect(config.rateLimits.table).toBe(stack.refs.RateLimitTable);
    expect(Object.keys(config.rateLimits.buckets).sort()).toEqual(["channels", "credentials", "members", "sends"]);
    const [policy] = properties(template, "IamRoleLambdaExecution").Policies as RolePolicy[];
    const statements = cfn.evaluate(policy.PolicyDocument.Statement) as Statement[];
    const dynamo = statements.filter((statement) => [statement.Action].flat().some((a) => a?.startsWith("dynamodb:")));
    expect(normalized(dynamo)).toEqual([
      {
        Sid: "TakeFromThePerUserRateLimits",
        Effect: "Allow",
        Action: ["dynamodb:UpdateItem"],
        Resource: [stack.attributes.RateLimitTable.Arn],
      },
    ]);
  });

  test("reserved users: the user role denies them by name and by tag; its trust denies their tag", () => {
    const role = resource(template, "UserRole");
    const { AssumeRolePolicyDocument, Policies } = role.Properties ?? {};
    const [policy] = Policies as RolePolicy[];
    const userPolicy = JSON.stringify(cfn.evaluate(policy.PolicyDocument));
    expect(userPolicy).toContain(`"Resource":["${stack.attributes.AppInstance.AppInstanceArn}/user/backend_worker"]`);
    expect(userPolicy).toContain('"aws:PrincipalTag/my_applications_user_id":["backend_worker"]');
    const trust = cfn.evaluate(AssumeRolePolicyDocument) as { Statement: Record<string, unknown>[] };
    expect(trust.Statement[0].Condition).toEqual({
      Null: { "aws:RequestTag/my_applications_user_id": "false" },
      "ForAllValues:StringEquals": { "aws:TagKeys": ["my_applications_user_id"] },
    });
    expect(trust.Statement[1]).toMatchObject({
      Effect: "Deny",
      Condition: { StringEquals: { "aws:RequestTag/my_applications_user_id": ["backend_worker"] } },
    });
  });

  test("the app client cannot write name, preferred_username or email; email changes need verification", () => {
    expect(properties(template, "UserPoolClient").WriteAttributes).toEqual(["locale", "zoneinfo"]);
    expect(properties(template, "UserPool").UserAttributeUpdateSettings).toEqual({
      AttributesRequireVerificationBeforeUpdate: ["email"],
    });
  });

  test("the HTTP API: POST and GET /graphql, CORS for the apps' headers, and stage throttling", () => {
    const routes = Object.values(template.Resources)
      .filter((r) => r.Type === "AWS::ApiGatewayV2::Route")
      .map((r) => r.Properties?.RouteKey);
    expect(routes.sort()).toEqual(["GET /graphql", "POST /graphql"]);
    expect(properties(template, "HttpApi").CorsConfiguration).toEqual({
      AllowOrigins: ["*"],
      AllowHeaders: ["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name"],
      AllowMethods: ["GET", "POST", "OPTIONS"],
      ExposeHeaders: ["x-request-id"],
      MaxAge: 600,
    });
    expect(properties(template, "HttpApiStage").DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: 200,
      ThrottlingRateLimit: 100,
    });
  });

  test("the user pool, its app client (password, SRP and refresh flows) and the admins group are created", () => {
    expect(cfn.condition("CreateUserPool")).toBe(true);
    expect(cfn.condition("CreateUserPoolClient")).toBe(true);
    expect(resource(template, "UserPool")).toMatchObject({ DeletionPolicy: "Delete", Condition: "CreateUserPool" });
    const client = properties(template, "UserPoolClient");
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toEqual([
      "ALLOW_USER_PASSWORD_AUTH",
      "ALLOW_USER_SRP_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
    ]);
    expect(cfn.evaluate(client.UserPoolId)).toBe(stack.refs.UserPool);
    expect(cfn.evaluate(properties(template, "AdminGroup"))).toMatchObject({
      GroupName: "admins",
      UserPoolId: stack.refs.UserPool,
    });
  });

  test("the custom resource: its own function and role, with only the Chime identity actions it needs", () => {
    expect(resource(template, "AppInstance")).toMatchObject({
      Type: "Custom::ChimeAppInstance",
      Properties: {
        ServiceToken: { "Fn::GetAtt": ["AppInstanceBootstrapLambdaFunction", "Arn"] },
        AppInstanceName: "chime-chat-api-dev",
        BackendUserId: "backend_worker",
        Retain: "false",
      },
    });
    const fn = properties(template, "AppInstanceBootstrapLambdaFunction");
    expect(fn).toMatchObject({ Runtime: "nodejs22.x", Role: { "Fn::GetAtt": ["AppInstanceBootstrapRole", "Arn"] } });
    // None of the API's configuration, and no reference to the app instance it makes.
    const environment = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    for (const [name, value] of Object.entries(environment)) expect(name === "NODE_OPTIONS" || value === "").toBe(true);
    const [policy] = properties(template, "AppInstanceBootstrapRole").Policies as RolePolicy[];
    const actions = policy.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => action?.startsWith("chime:")).sort()).toEqual([
      "chime:CreateAppInstance",
      "chime:CreateAppInstanceAdmin",
      "chime:CreateAppInstanceUser",
      "chime:DeleteAppInstance",
      "chime:DescribeAppInstance",
      "chime:DescribeAppInstanceAdmin",
      "chime:DescribeAppInstanceUser",
    ]);
    expect(actions.filter((action) => !action?.startsWith("chime:")).sort()).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
  });

  test("no dependency cycle, and every reference names something in the template", () => {
    const graph = dependencies(template);
    expect(findCycle(graph)).toBeUndefined();
    for (const [id, on] of graph) {
      for (const target of on)
        expect(`${id} -> ${target}: ${target in template.Resources}`).toBe(`${id} -> ${target}: true`);
    }
  });

  test("the outputs: GraphQL URL, user pool and client, app instance, backend user, user role, region", () => {
    const ours = [
      "GraphqlUrl",
      "UserPoolId",
      "UserPoolClientId",
      "AppInstanceArn",
      "BackendUserArn",
      "UserRoleArn",
      "Region",
    ];
    const outputs = Object.fromEntries(ours.map((name) => [name, cfn.evaluate(template.Outputs?.[name]?.Value)]));
    expect(outputs).toMatchObject({
      GraphqlUrl: "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/graphql",
      UserPoolId: stack.refs.UserPool,
      UserPoolClientId: stack.refs.UserPoolClient,
      AppInstanceArn: stack.attributes.AppInstance.AppInstanceArn,
      BackendUserArn: stack.attributes.AppInstance.BackendUserArn,
      UserRoleArn: stack.attributes.UserRole.Arn,
      Region: "us-east-1",
    });
  });

  test("each function has its own zip; the graphql bundle is within 0.70 MB", () => {
    const graphql = readZip(join(packaged.dir, "graphql.zip"));
    expect(graphql.map((entry) => entry.name).sort()).toEqual(["handlers/graphql.js", "handlers/graphql.js.map"]);
    const bundle = graphql.find((entry) => entry.name === "handlers/graphql.js");
    expect(bundle?.size).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    // Source maps beside the code, not inside it, and without the sources.
    const code = bundle?.data().toString("utf8") ?? "";
    expect(code.trimEnd().endsWith("//# sourceMappingURL=graphql.js.map")).toBe(true);
    const map = JSON.parse(
      graphql
        .find((entry) => entry.name.endsWith(".map"))
        ?.data()
        .toString("utf8") ?? "{}",
    ) as {
      sourcesContent?: unknown;
    };
    expect(map.sourcesContent).toBeUndefined();
    const bootstrap = readZip(join(packaged.dir, "appInstanceBootstrap.zip")).map((entry) => entry.name);
    expect(bootstrap.sort()).toEqual(["handlers/appInstanceBootstrap.js", "handlers/appInstanceBootstrap.js.map"]);
  });

  test("the bootstrap role's policy is enough for Create, Update and Delete (local endpoint, that policy in force)", async () => {
    // The local endpoint's account and region; its server key stands for the bootstrap role here.
    const local = new Evaluator(template, fakeStack(template, { accountId: "111122223333", region: testRegion }));
    const [policy] = properties(template, "AppInstanceBootstrapRole").Policies as RolePolicy[];
    const t = await startTestEndpoint({
      account: { policyTemplates: { "server-role": JSON.stringify(local.evaluate(policy.PolicyDocument)) } },
    });
    // Only so that the role's policy renders: it names no app instance.
    await t.usePoliciesFor("arn:aws:chime:us-east-1:111122223333:app-instance/unused");
    const identity = new ChimeSDKIdentityClient(clientConfig(t.endpoint.url, t.credentials.server));
    const answers: { Status: string; PhysicalResourceId: string; Reason?: string }[] = [];
    const handler = createBootstrapHandler({
      identity,
      logger: { info: () => undefined, error: () => undefined },
      respond: (_, body) => {
        answers.push(JSON.parse(body) as (typeof answers)[number]);
        return Promise.resolve();
      },
    });
    const context = { logStreamName: "test", getRemainingTimeInMillis: () => 60_000 } as Context;
    const event = {
      ResponseURL: "http://127.0.0.1:1/unused",
      StackId: "arn:aws:cloudformation:us-east-1:111122223333:stack/chime-chat-api-dev/1",
      LogicalResourceId: "AppInstance",
      ResourceType: "Custom::ChimeAppInstance",
      ServiceToken: "arn:aws:lambda:us-east-1:111122223333:function:bootstrap",
      ResourceProperties: local.evaluate(properties(template, "AppInstance")) as BootstrapEvent["ResourceProperties"],
    };
    try {
      await handler({ ...event, RequestType: "Create", RequestId: "create-1" }, context);
      const arn = answers[0].PhysicalResourceId;
      await handler(
        {
          ...event,
          RequestType: "Update",
          RequestId: "update-1",
          PhysicalResourceId: arn,
          OldResourceProperties: {},
        } as BootstrapEvent,
        context,
      );
      await handler({ ...event, RequestType: "Delete", RequestId: "delete-1", PhysicalResourceId: arn }, context);
      expect(answers.map((answer) => [answer.Status, answer.Reason])).toEqual([
        ["SUCCESS", undefined],
        ["SUCCESS", undefined],
        ["SUCCESS", undefined],
      ]);
      await expect(t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: arn }))).rejects.toThrow();
    } finally {
      identity.destroy();
      await t.close();
    }
  });

  describe("the packaged graphql bundle", () => {
    let child: ChildProcess;
    let url: string;
    let token: (name: string) => string;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const t = await startTestEndpoint();
      const app = await createApp(t.identity, ["backend_worker"]);
      await makeAdmin(t.identity, app, "backend_worker");
      await t.usePoliciesFor(app.appInstanceArn);
      const issuer = await startTestIssuer();
      // A Cognito-shaped sub per name (the API takes only the issuer's shape of sub as a user id).
      const subs = new Map<string, string>();
      token = (name) => {
        if (!subs.has(name)) subs.set(name, crypto.randomUUID());
        return issuer.token({ sub: subs.get(name), claims: { name } });
      };
      mkdirSync(join(packaged.dir, "bundle"));
      const bundle = join(packaged.dir, "bundle", "graphql.js");
      for (const entry of readZip(join(packaged.dir, "graphql.zip"))) {
        writeFileSync(join(packaged.dir, "bundle", entry.name.replace("handlers/", "")), entry.data(), { flag: "w" });
      }
      const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
      child = spawn(process.execPath, [require.resolve("tsx/cli"), join(root, "test/support/serveBundle.ts"), bundle], {
        env: {
          ...base,
          API_ENV: "local",
          CHIME_APP_INSTANCE_ARN: app.appInstanceArn,
          CHIME_USER_ROLE_ARN: t.endpoint.account.userRoleArn,
          COGNITO_ISSUER: issuer.issuer,
          COGNITO_CLIENT_ID: issuer.clientId,
          AWS_REGION: testRegion,
          AWS_ACCESS_KEY_ID: t.credentials.server.accessKeyId,
          AWS_SECRET_ACCESS_KEY: t.credentials.server.secretAccessKey,
          AWS_ENDPOINT_URL: t.endpoint.url,
          POWERTOOLS_LOG_LEVEL: "SILENT",
          NODE_OPTIONS: "--enable-source-maps",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let errors = "";
      child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
      url = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8");
          const match = /LISTENING (\S+)/.exec(output);
          if (match) resolve(`${match[1]}/graphql`);
        });
        child.once("exit", (code) => reject(new Error(`The bundle exited (${code}) before listening: ${errors}`)));
      });
      close = async () => {
        child.kill("SIGTERM");
        await issuer.close();
        await t.close();
      };
    }, 60_000);
    afterAll(() => close());

    async function gql(query: string, variables: Record<string, unknown> = {}, user?: string) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(user ? { authorization: `Bearer ${token(user)}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        body: (await response.json()) as {
          data?: Record<string, unknown>;
          errors?: { extensions?: { code?: string } }[];
        },
      };
    }

    test("answers without a token with 401 UNAUTHENTICATED", async () => {
      const { status, body } = await gql("{ me { arn } }");
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });

    test("creates a channel, sends and lists messages as the caller", async () => {
      const me = await gql("{ me { arn name isAdmin } }", {}, "alice");
      expect(me).toMatchObject({ status: 200, body: { data: { me: { name: "alice", isAdmin: false } } } });
      const created = await gql(
        "mutation($input: CreateChannelInput!) { createChannel(input: $input) { arn name } }",
        { input: { name: "bundled" } },
        "alice",
      );
      const channelArn = (created.body.data?.createChannel as { arn: string }).arn;
      expect(channelArn).toContain("/channel/");
      const sent = await gql(
        "mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }",
        { input: { channelArn, content: "hello from the bundle" } },
        "alice",
      );
      expect(sent.body.errors).toBeUndefined();
      const listed = await gql(
        "query($c: ID!) { messages(channelArn: $c, first: 5) { edges { node { content sender { name } } } } }",
        { c: channelArn },
        "alice",
      );
      expect(listed.body.data?.messages).toEqual({
        edges: [{ node: { content: "hello from the bundle", sender: { name: "alice" } } }],
      });
    });

    test("keeps the armor limits and the DateTime scalar's errors (one copy of graphql and Apollo)", async () => {
      const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { userId }`).join(" ");
      const tooMany = await gql(`{ ${aliases} }`, {}, "alice");
      expect(tooMany.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      const notADate = await gql(
        "query($c: ID!, $d: DateTime) { messages(channelArn: $c, notBefore: $d) { edges { cursor } } }",
        { c: "arn:aws:chime:us-east-1:111122223333:app-instance/x/channel/y", d: "yesterday" },
        "alice",
      );
      expect(notADate.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });
});

describe("osls package --stage prod with an existing user pool and client", () => {
  let packaged: Packaged;
  let cfn: Evaluator;

  beforeAll(async () => {
    packaged = await packageStack([
      "--stage",
      "prod",
      "--region",
      "eu-central-1",
      "--param=userPoolId=eu-central-1_Existing1",
      "--param=userPoolClientId=existingclient123",
      "--param=corsOrigins=https://chat.example.com,https://admin.example.com",
      "--param=throttleRate=50",
      "--param=throttleBurst=80",
      "--param=reservedUserIds=ops_bot,audit.bot",
      "--param=rateLimitSends=120/20",
    ]);
    cfn = new Evaluator(packaged.template, fakeStack(packaged.template, { region: "eu-central-1" }));
  }, 120_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  test("creates no user pool, client or group, and the API uses the given ones", () => {
    expect(cfn.condition("CreateUserPool")).toBe(false);
    expect(cfn.condition("CreateUserPoolClient")).toBe(false);
    const variables = cfn.evaluate(
      (properties(packaged.template, "GraphqlLambdaFunction").Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    expect(loadConfig({ ...variables, AWS_REGION: "eu-central-1" }).auth).toMatchObject({
      mode: "aws",
      userPoolId: "eu-central-1_Existing1",
      clientIds: ["existingclient123"],
    });
  });

  test("prod keeps the app instance and the user pool on removal, and takes the given origins and limits", () => {
    const { template } = packaged;
    expect(properties(template, "AppInstance").Retain).toBe("true");
    expect(resource(template, "UserPool")).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    expect((properties(template, "HttpApi").CorsConfiguration as { AllowOrigins: string[] }).AllowOrigins).toEqual([
      "https://chat.example.com",
      "https://admin.example.com",
    ]);
    expect(properties(template, "HttpApiStage").DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: 80,
      ThrottlingRateLimit: 50,
    });
    expect(properties(template, "IamRoleLambdaExecution").RoleName).toBe("chime-chat-api-prod-eu-central-1-server");
  });

  test("more reserved ids reach both the user role's policies and the API; the limits reach the API", () => {
    const stack = fakeStack(packaged.template, { region: "eu-central-1" });
    const role = resource(packaged.template, "UserRole").Properties ?? {};
    const [policy] = role.Policies as RolePolicy[];
    const reserved = ["backend_worker", "ops_bot", "audit.bot"];
    expect(normalized((cfn.evaluate(policy.PolicyDocument) as { Statement: Statement[] }).Statement)).toEqual(
      normalized(rendered("user-role", policyParameters(stack, undefined, reserved)).Statement),
    );
    expect(normalized((cfn.evaluate(role.AssumeRolePolicyDocument) as { Statement: Statement[] }).Statement)).toEqual(
      normalized(rendered("user-role-trust", policyParameters(stack, undefined, reserved)).Statement),
    );
    const variables = cfn.evaluate(
      (properties(packaged.template, "GraphqlLambdaFunction").Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    const config = loadConfig({ ...variables, AWS_REGION: "eu-central-1" });
    expect(config.identity.reservedUserIds).toEqual(reserved);
    expect(config.rateLimits.buckets.sends).toEqual({ perMinute: 120, burst: 20 });
  });
});
