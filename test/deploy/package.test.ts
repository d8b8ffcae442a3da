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
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ChimeSDKIdentityClient,
  DescribeAppInstanceCommand,
  GetAppInstanceRetentionSettingsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { packageStack, type Packaged } from "../../deploy/package";
import { checkTemplate } from "../../deploy/templateChecks";
import { createBootstrapHandler, type BootstrapEvent } from "../../src/bootstrap/customResource";
import { loadConfig } from "../../src/config";
import { dependencies, Evaluator, findCycle, type FakeStack, type Template } from "../support/cloudFormation";
import {
  fakeStack,
  customResourceRun,
  normalized,
  policyParameters,
  properties,
  rendered,
  resource,
  type RolePolicy,
  type Statement,
} from "../support/packagedTemplate";
import { clientConfig, createApp, makeAdmin, startTestEndpoint, testRegion } from "../support/localEndpoint";
import { startTestIssuer } from "../support/testJwks";
import { readZip } from "../support/zip";

const root = join(__dirname, "..", "..");
// 0.70 MB in decimal megabytes, as the budget is stated (npm run bench:cold-start prints it too).
const BUNDLE_BUDGET_BYTES = 700_000;

interface ServedBundle {
  gql(
    query: string,
    variables?: Record<string, unknown>,
    user?: string,
  ): Promise<{
    status: number;
    body: { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
  }>;
  stdout(): string;
  stderr(): string;
  close(): Promise<void>;
}

/**
 * The packaged graphql.zip's handler, served as API Gateway calls it (test/support/serveBundle.ts) in a
 * process of its own, against a local endpoint and a test issuer, with `env` added to its environment.
 */
async function servePackagedBundle(dir: string, env: Record<string, string>): Promise<ServedBundle> {
  const t = await startTestEndpoint();
  const app = await createApp(t.identity, ["backend_worker"]);
  await makeAdmin(t.identity, app, "backend_worker");
  await t.usePoliciesFor(app.appInstanceArn);
  const issuer = await startTestIssuer();
  // A Cognito-shaped sub per name (the API takes only the issuer's shape of sub as a user id).
  const subs = new Map<string, string>();
  const token = (name: string) => {
    if (!subs.has(name)) subs.set(name, crypto.randomUUID());
    return issuer.token({ sub: subs.get(name), claims: { name } });
  };
  const bundleDir = join(dir, "bundle");
  mkdirSync(bundleDir, { recursive: true });
  let handlerFile = "";
  for (const entry of readZip(join(dir, "graphql.zip"))) {
    const file = join(bundleDir, entry.name.replace("handlers/", ""));
    writeFileSync(file, entry.data(), { flag: "w" });
    if (file.endsWith(".js")) handlerFile = file;
  }
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  const child = spawn(
    process.execPath,
    [require.resolve("tsx/cli"), join(root, "test/support/serveBundle.ts"), handlerFile],
    {
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
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const match = /LISTENING (\S+)/.exec(stdout);
      if (match) resolve(`${match[1]}/graphql`);
    });
    child.once("exit", (code) => reject(new Error(`The bundle exited (${code}) before listening: ${stderr}`)));
  });
  return {
    async gql(query, variables = {}, user) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(user ? { authorization: `Bearer ${token(user)}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        body: (await response.json()) as Awaited<ReturnType<ServedBundle["gql"]>>["body"],
      };
    },
    stdout: () => stdout,
    stderr: () => stderr,
    async close() {
      child.kill("SIGTERM");
      await issuer.close();
      await t.close();
    },
  };
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
    expect(Object.keys(config.rateLimits.buckets).sort()).toEqual([
      "channels",
      "credentials",
      "devices",
      "members",
      "sends",
      "signals",
    ]);
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

  test("the edge: both routes behind the JWT authorizer of the stack's user pool and app client", () => {
    const routes = Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::ApiGatewayV2::Route");
    expect(routes).toHaveLength(2);
    for (const [, route] of routes) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: "JWT",
        AuthorizerId: { Ref: "HttpApiAuthorizerCognito" },
      });
    }
    expect(cfn.evaluate(properties(template, "HttpApiAuthorizerCognito"))).toEqual({
      ApiId: stack.refs.HttpApi,
      Name: "cognito",
      IdentitySource: ["$request.header.Authorization"],
      AuthorizerType: "JWT",
      JwtConfiguration: {
        // The issuer of the pool's tokens, and the app client as audience (`aud` of ID tokens, or
        // `client_id` of access tokens, which API Gateway checks in its place).
        Issuer: `https://cognito-idp.us-east-1.amazonaws.com/${stack.refs.UserPool}`,
        Audience: [stack.refs.UserPoolClient],
      },
    });
    // The function still verifies every token itself: the environment names the same pool and client.
    const variables = cfn.evaluate(
      (properties(template, "GraphqlLambdaFunction").Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    expect(loadConfig({ ...variables, AWS_REGION: stack.region }).auth).toMatchObject({
      userPoolId: stack.refs.UserPool,
      clientIds: [stack.refs.UserPoolClient],
    });
  });

  test("access logs: one JSON line per request in a log group that expires", () => {
    const stage = cfn.evaluate(properties(template, "HttpApiStage")) as {
      AccessLogSettings: { DestinationArn: string; Format: string };
    };
    expect(resource(template, "HttpApiStage").DependsOn).toContain("HttpApiLogGroup");
    const fields = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: "$context.requestId",
      lambdaRequestId: "$context.integration.requestId",
      status: "$context.status",
      routeKey: "$context.routeKey",
      authorizerError: "$context.authorizer.error",
      integrationError: "$context.integrationErrorMessage",
    });
    expect(resource(template, "HttpApiLogGroup").Properties).toMatchObject({ RetentionInDays: 30 });
  });

  test("no function versions are kept (versionFunctions: false); no tracing unless asked", () => {
    expect(Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Version")).toEqual([]);
    expect(properties(template, "GraphqlLambdaFunction")).not.toHaveProperty("TracingConfig");
    expect(properties(template, "GraphqlLambdaFunction").Handler).toBe("handlers/graphql.handler");
  });

  test("metrics: the function's service and namespace, and the dashboard drawing them; no alarms without a topic", () => {
    const variables = cfn.evaluate(
      (properties(template, "GraphqlLambdaFunction").Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: "chime-chat-api-dev",
      POWERTOOLS_METRICS_NAMESPACE: "ChimeChatApi",
      POWERTOOLS_METRICS_DISABLED: "false",
    });
    expect(loadConfig({ ...variables, AWS_REGION: stack.region })).toMatchObject({
      serviceName: "chime-chat-api-dev",
      metrics: { namespace: "ChimeChatApi" },
    });
    expect(Object.values(template.Resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm")).toEqual([]);
    const dashboard = cfn.evaluate(properties(template, "Dashboard")) as {
      DashboardName: string;
      DashboardBody: string;
    };
    expect(dashboard.DashboardName).toBe("chime-chat-api-dev");
    const { widgets } = JSON.parse(dashboard.DashboardBody) as {
      widgets: { properties: { metrics?: unknown[][]; region: string } }[];
    };
    const metrics = widgets.flatMap((widget) => widget.properties.metrics ?? []);
    expect(metrics).toContainEqual(["AWS/Lambda", "Errors", "FunctionName", stack.refs.GraphqlLambdaFunction]);
    expect(metrics).toContainEqual(["AWS/ApiGateway", "5xx", "ApiId", stack.refs.HttpApi]);
    expect(metrics).toContainEqual([
      "ChimeChatApi",
      "ChimeCalls",
      "service",
      "chime-chat-api-dev",
      "outcome",
      "failed",
    ]);
    expect(widgets.every((widget) => widget.properties.region === "us-east-1")).toBe(true);
  });

  test("no push parameter, no push: no Pinpoint app or push permission, and the API answers NOT_CONFIGURED", () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((type) => type.startsWith("AWS::Pinpoint::") || type === "AWS::IAM::Policy")).toEqual([]);
    expect(JSON.stringify(template)).not.toContain("mobiletargeting");
    expect(JSON.stringify(template)).not.toContain("AppInstanceUserEndpoint");
    const variables = cfn.evaluate(
      (properties(template, "GraphqlLambdaFunction").Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    expect(variables.CHIME_PUSH_APP_ARN).toBe("");
    expect(loadConfig({ ...variables, AWS_REGION: stack.region }).push).toBeUndefined();
  });

  test("deploy:check's template checks find no error; the warnings are the production choices left open", () => {
    const findings = checkTemplate(template);
    expect(findings.filter((finding) => finding.severity === "error")).toEqual([]);
    expect(findings.map((finding) => finding.check).sort()).toEqual(["cognito", "reserved-concurrency", "tracing"]);
  });

  test("the HTTP API: POST and GET /graphql, CORS for the apps' headers (pages read x-request-id and www-authenticate), and stage throttling", () => {
    const routes = Object.values(template.Resources)
      .filter((r) => r.Type === "AWS::ApiGatewayV2::Route")
      .map((r) => r.Properties?.RouteKey);
    expect(routes.sort()).toEqual(["GET /graphql", "POST /graphql"]);
    expect(properties(template, "HttpApi").CorsConfiguration).toEqual({
      AllowOrigins: ["*"],
      AllowHeaders: ["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name"],
      AllowMethods: ["GET", "POST", "OPTIONS"],
      ExposeHeaders: ["x-request-id", "www-authenticate"],
      MaxAge: 600,
    });
    expect(properties(template, "HttpApiStage").DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: 200,
      ThrottlingRateLimit: 100,
    });
    // Each route its own limits (GET, queries only, half); the stage waits for the routes it names.
    expect(properties(template, "HttpApiStage").RouteSettings).toEqual({
      "POST /graphql": { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      "GET /graphql": { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
    expect(resource(template, "HttpApiStage").DependsOn).toEqual(
      expect.arrayContaining(["HttpApiRoutePostGraphql", "HttpApiRouteGetGraphql"]),
    );
  });

  test("the user pool, its app client (SRP and refresh only) and the admins group are created", () => {
    expect(cfn.condition("CreateUserPool")).toBe(true);
    expect(cfn.condition("CreateUserPoolClient")).toBe(true);
    expect(resource(template, "UserPool")).toMatchObject({ DeletionPolicy: "Delete", Condition: "CreateUserPool" });
    const client = properties(template, "UserPoolClient");
    expect(client.GenerateSecret).toBe(false);
    // USER_PASSWORD_AUTH (the password itself on the wire) is cognito-local's only, offline.
    expect(client.ExplicitAuthFlows).toEqual(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    // The pool: an explicit feature plan, optional TOTP, Cognito's own sender unless SES is given.
    expect(cfn.evaluate(properties(template, "UserPool"))).toMatchObject({
      UserPoolTier: "LITE",
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
    });
    expect(cfn.evaluate(properties(template, "UserPool"))).not.toHaveProperty("EmailConfiguration");
    expect(cfn.evaluate(client.UserPoolId)).toBe(stack.refs.UserPool);
    expect(cfn.evaluate(properties(template, "AdminGroup"))).toMatchObject({
      GroupName: "admins",
      UserPoolId: stack.refs.UserPool,
    });
  });

  test("the custom resource: its own function and role, with only the Chime identity actions it needs", () => {
    expect(resource(template, "AppInstance")).toEqual({
      Type: "Custom::ChimeAppInstance",
      // retain=false: a `remove` deletes it, and so does a replacement.
      DeletionPolicy: "Delete",
      UpdateReplacePolicy: "Delete",
      Properties: {
        ServiceToken: { "Fn::GetAtt": ["AppInstanceBootstrapLambdaFunction", "Arn"] },
        ServiceTimeout: 300,
        AppInstanceName: "chime-chat-api-dev",
        BackendUserId: "backend_worker",
        BackendUserName: "Backend worker",
        AdoptAppInstanceArn: "",
        // messageRetentionDays left empty: the app instance's retention is left as it is.
        MessageRetentionDays: "",
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
      "chime:GetAppInstanceRetentionSettings",
      "chime:ListAppInstances",
      "chime:PutAppInstanceRetentionSettings",
    ]);
    expect(actions.filter((action) => !action?.startsWith("chime:")).sort()).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
  });

  test("moderation is off unless asked for: no flow, processor, denials or moderation policies (test/deploy/moderation.test.ts has it on)", () => {
    const ids = Object.keys(template.Resources);
    expect(ids.filter((id) => /Moderation/.test(id))).toEqual([]);
    const variables = (properties(template, "GraphqlLambdaFunction").Environment as { Variables: object }).Variables;
    expect(Object.keys(variables)).not.toContain("CHIME_CHANNEL_FLOW_ARN");
    expect(template.Outputs?.ChannelFlowArn).toBeUndefined();
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
    const { answers, handlerDependencies, context, event } = customResourceRun<BootstrapEvent["ResourceProperties"]>(
      "AppInstance",
      "Custom::ChimeAppInstance",
      // With a retention, as --param=messageRetentionDays=30 gives: the role must let it be applied too.
      {
        ...(local.evaluate(properties(template, "AppInstance")) as BootstrapEvent["ResourceProperties"]),
        MessageRetentionDays: "30",
      },
    );
    const handler = createBootstrapHandler({ identity, ...handlerDependencies });
    try {
      await handler({ ...event, RequestType: "Create", RequestId: "create-1" }, context);
      const arn = answers[0].PhysicalResourceId;
      const { AppInstanceRetentionSettings } = await t.identity.send(
        new GetAppInstanceRetentionSettingsCommand({ AppInstanceArn: arn }),
      );
      expect(AppInstanceRetentionSettings).toEqual({ ChannelRetentionSettings: { RetentionDays: 30 } });
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
    let bundle: ServedBundle;
    const gql: ServedBundle["gql"] = (...args) => bundle.gql(...args);
    const stdout = () => bundle.stdout();

    beforeAll(async () => {
      bundle = await servePackagedBundle(packaged.dir, {
        // As the template sets them: the metrics are written to stdout, as on Lambda, and the log at
        // INFO (the template sets no level: Powertools' default), whose request lines carry metrics.
        POWERTOOLS_SERVICE_NAME: "chime-chat-api-dev",
        POWERTOOLS_METRICS_NAMESPACE: "ChimeChatApi",
        POWERTOOLS_LOG_LEVEL: "INFO",
      });
    }, 60_000);
    afterAll(() => bundle.close());

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
      // Twice: an operation's second run is compiled (graphql-jit, bundled without its JSON serializer).
      for (let run = 0; run < 2; run++) {
        const listed = await gql(
          "query($c: ID!) { messages(channelArn: $c, first: 5) { edges { node { content sender { name } createdAt } } } }",
          { c: channelArn },
          "alice",
        );
        expect(listed.body.data?.messages).toEqual({
          edges: [
            {
              node: {
                content: "hello from the bundle",
                sender: { name: "alice" },
                createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
              },
            },
          ],
        });
      }
    });

    interface EmfLine {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
      };
      [key: string]: unknown;
    }

    /** The metric lines (CloudWatch's embedded metric format) the bundle has written so far. */
    function emfLines(): EmfLine[] {
      return stdout()
        .split("\n")
        .filter((line) => line.startsWith("{") && line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as EmfLine);
    }

    test("writes its metrics in the embedded metric format, once per request: Chime calls, refused tokens", async () => {
      const before = emfLines().length;
      expect((await gql("{ me { arn } }")).status).toBe(401);
      const sent = await gql("{ me { arn } }", {}, "metrics-user");
      expect(sent.status).toBe(200);
      let lines: EmfLine[] = [];
      for (let i = 0; i < 50 && lines.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        lines = emfLines().slice(before);
      }
      const refused = lines.find((line) => line.AuthFailures !== undefined);
      expect(refused).toMatchObject({ service: "chime-chat-api-dev", reason: "missing", AuthFailures: 1 });
      expect(refused?._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: "ChimeChatApi",
        Dimensions: [["service", "reason"], ["service"]],
        Metrics: [{ Name: "AuthFailures", Unit: "Count" }],
      });
      // The first request of a user provisions their AppInstanceUser: one Chime call, carried by the
      // request's own log line, in both series (by operation and outcome; by outcome, for the alarms).
      const provisioned = lines.find((line) => line.operation === "CreateAppInstanceUser");
      expect(provisioned).toMatchObject({
        level: "INFO",
        message: "Request",
        service: "chime-chat-api-dev",
        outcome: "ok",
        ChimeCalls: 1,
      });
      expect(provisioned?._aws.CloudWatchMetrics[0].Dimensions.map((set) => [...set].sort())).toEqual([
        ["operation", "outcome", "service"],
        ["outcome", "service"],
      ]);
      expect(lines).toHaveLength(2);
      // Written cleanly: Powertools warns of nothing.
      expect(`${stdout()}${bundle.stderr()}`).not.toContain("EMF key");
      expect(`${stdout()}${bundle.stderr()}`).not.toContain("reserved key");
    });

    test("keeps the armor limits and the DateTime scalar's errors (one copy of graphql)", async () => {
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

const ADOPTED = "arn:aws:chime:eu-central-1:123456789012:app-instance/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
const ALARM_TOPIC = "arn:aws:sns:eu-central-1:123456789012:chime-chat-ops";

describe("osls package --stage prod with an existing user pool, client and app instance, traced, with alarms", () => {
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
      `--param=adoptAppInstanceArn=${ADOPTED}`,
      "--param=tracing=true",
      `--param=alarmTopicArn=${ALARM_TOPIC}`,
      "--param=reservedConcurrency=50",
      "--param=dashboard=false",
      "--param=routeThrottles=GET /graphql=10/20,POST /graphql=40/60",
      "--param=messageRetentionDays=365",
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
    // Kept by a `remove`; deleted only by the rollback of the deploy that created it.
    expect(resource(template, "AppInstance")).toMatchObject({
      DeletionPolicy: "RetainExceptOnCreate",
      UpdateReplacePolicy: "Retain",
    });
    expect(resource(template, "UserPool")).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    expect((properties(template, "HttpApi").CorsConfiguration as { AllowOrigins: string[] }).AllowOrigins).toEqual([
      "https://chat.example.com",
      "https://admin.example.com",
    ]);
    expect(properties(template, "HttpApiStage").DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: 80,
      ThrottlingRateLimit: 50,
    });
    expect(properties(template, "HttpApiStage").RouteSettings).toEqual({
      "POST /graphql": { ThrottlingBurstLimit: 60, ThrottlingRateLimit: 40 },
      "GET /graphql": { ThrottlingBurstLimit: 20, ThrottlingRateLimit: 10 },
    });
    expect(properties(template, "IamRoleLambdaExecution").RoleName).toBe("chime-chat-api-prod-eu-central-1-server");
  });

  test("the adopted app instance: the custom resource's property; the API runs on what the resource answers", () => {
    expect(properties(packaged.template, "AppInstance").AdoptAppInstanceArn).toBe(ADOPTED);
    // The retention the custom resource applies to it (src/bootstrap/retention.ts).
    expect(properties(packaged.template, "AppInstance").MessageRetentionDays).toBe("365");
    // Its ARN reaches the function through the resource's attributes (the handler answers with it).
    const variables = (
      properties(packaged.template, "GraphqlLambdaFunction").Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(variables.CHIME_APP_INSTANCE_ARN).toEqual({ "Fn::GetAtt": ["AppInstance", "AppInstanceArn"] });
  });

  test("the authorizer trusts the given user pool and app client", () => {
    expect(cfn.evaluate(properties(packaged.template, "HttpApiAuthorizerCognito"))).toMatchObject({
      JwtConfiguration: {
        Issuer: "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Existing1",
        Audience: ["existingclient123"],
      },
    });
  });

  test("tracing: Active X-Ray on the API's function, its traced handler, and the permission to send traces", () => {
    const fn = properties(packaged.template, "GraphqlLambdaFunction");
    expect(fn).toMatchObject({
      Handler: "handlers/graphqlTraced.handler",
      TracingConfig: { Mode: "Active" },
      ReservedConcurrentExecutions: 50,
    });
    const [policy] = properties(packaged.template, "IamRoleLambdaExecution").Policies as RolePolicy[];
    expect(policy.PolicyDocument.Statement).toContainEqual({
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: ["*"],
    });
    const zip = readZip(join(packaged.dir, "graphql.zip")).map((entry) => entry.name);
    expect(zip.sort()).toEqual(["handlers/graphqlTraced.js", "handlers/graphqlTraced.js.map"]);
  });

  test("alarms: each notifies the topic when it fires and when it clears, on the right series", () => {
    const alarms = Object.fromEntries(
      Object.entries(packaged.template.Resources)
        .filter(([, r]) => r.Type === "AWS::CloudWatch::Alarm")
        .map(([id, r]) => [id, cfn.evaluate(r.Properties) as Record<string, unknown>]),
    );
    const series = (id: string) => {
      const { Namespace, MetricName, Dimensions, Statistic, Threshold } = alarms[id];
      return { Namespace, MetricName, Dimensions, Statistic, Threshold };
    };
    const fn = [{ Name: "FunctionName", Value: "chime-chat-api-dev-graphql" }];
    expect(Object.keys(alarms).sort()).toEqual([
      "Api5xxAlarm",
      "ChimeFailuresAlarm",
      "ChimeThrottlesAlarm",
      "GraphqlDurationAlarm",
      "GraphqlErrorsAlarm",
      "GraphqlThrottlesAlarm",
      "StsFailuresAlarm",
    ]);
    for (const alarm of Object.values(alarms)) {
      expect(alarm).toMatchObject({
        AlarmActions: [ALARM_TOPIC],
        OKActions: [ALARM_TOPIC],
        TreatMissingData: "notBreaching",
      });
      expect(alarm.AlarmDescription).toContain('Runbook: docs/deploy.md, "Alarms".');
    }
    expect(series("GraphqlErrorsAlarm")).toEqual({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: fn,
      Statistic: "Sum",
      Threshold: 1,
    });
    expect(series("GraphqlThrottlesAlarm")).toMatchObject({ MetricName: "Throttles", Dimensions: fn });
    // 80% of the function's 29 s timeout.
    expect(series("GraphqlDurationAlarm")).toMatchObject({
      MetricName: "Duration",
      Statistic: "Maximum",
      Threshold: 23200,
    });
    expect(series("Api5xxAlarm")).toMatchObject({
      Namespace: "AWS/ApiGateway",
      MetricName: "5xx",
      Dimensions: [{ Name: "ApiId", Value: "a1b2c3d4e5" }],
    });
    // The API's own series, as src/metrics writes them (service = the stack and stage).
    expect(series("ChimeFailuresAlarm")).toMatchObject({
      Namespace: "ChimeChatApi",
      MetricName: "ChimeCalls",
      Dimensions: [
        { Name: "service", Value: "chime-chat-api-prod" },
        { Name: "outcome", Value: "failed" },
      ],
    });
    expect(series("ChimeThrottlesAlarm").Dimensions).toContainEqual({ Name: "outcome", Value: "throttled" });
    expect(series("StsFailuresAlarm")).toMatchObject({ MetricName: "StsCalls", Threshold: 1 });
    const variables = cfn.evaluate(
      (properties(packaged.template, "GraphqlLambdaFunction").Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe("chime-chat-api-prod");
    expect(packaged.template.Resources.Dashboard).toBeUndefined();
  });

  test("the traced bundle sends each AWS call to X-Ray as a subsegment of the invocation, and nothing of the request", async () => {
    // The X-Ray daemon's side: UDP datagrams, a JSON header line, then the (sub)segment document.
    const daemon = createSocket("udp4");
    const documents: Record<string, unknown>[] = [];
    let raw = "";
    daemon.on("message", (message) => {
      raw += message.toString("utf8");
      documents.push(JSON.parse(message.toString("utf8").split("\n").slice(1).join("\n")) as Record<string, unknown>);
    });
    await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
    const traceId = "1-5759e988-bd862e3fe1be46a994272793";
    // What Lambda sets with Active tracing, and for every function.
    const traced = await servePackagedBundle(packaged.dir, {
      AWS_LAMBDA_FUNCTION_NAME: "chime-chat-api-prod-graphql",
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      LAMBDA_TASK_ROOT: join(packaged.dir, "bundle"),
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
      AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`,
      POWERTOOLS_SERVICE_NAME: "chime-chat-api-prod",
      POWERTOOLS_METRICS_DISABLED: "true",
    });
    try {
      const me = await traced.gql("{ me { arn } }", {}, "traced-user");
      expect(me.status).toBe(200);
      const chimeCall = () =>
        documents.find(
          (document) => (document.aws as { operation?: string } | undefined)?.operation === "CreateAppInstanceUser",
        );
      for (let i = 0; i < 100 && (!chimeCall() || !documents.some((d) => d.name === "## handler")); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The user's provisioning (one Chime identity call), under the invocation's trace.
      expect(chimeCall()).toMatchObject({ trace_id: traceId, namespace: "aws", type: "subsegment" });
      expect(documents.find((document) => document.name === "## handler")).toMatchObject({
        trace_id: traceId,
        annotations: { ColdStart: true, Service: "chime-chat-api-prod" },
      });
      expect(raw).not.toContain("Bearer");
      expect(raw).not.toContain("eyJ"); // no token
    } finally {
      await traced.close();
      daemon.close();
    }
  });

  test("deploy:check's template checks: no finding at all", () => {
    expect(checkTemplate(packaged.template, { region: "eu-central-1" })).toEqual([]);
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
