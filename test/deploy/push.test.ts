/**
 * Mobile push in the deployment (deploy/push.js): `osls package` of a stage with push (one package,
 * shared by the tests of the file), read as CloudFormation would; the stage without push is
 * package.test.ts's dev stage. The fragment's other shapes and its parameter checks run on the resolver
 * itself with made-up parameters (a pure unit: no packaging).
 */
import { rmSync } from "node:fs";
import { packageStack, type Packaged } from "../../deploy/package";
import { checkTemplate } from "../../deploy/templateChecks";
import { renderPolicy, type PolicyName } from "../../policies";
import { loadConfig } from "../../src/config";
import { Evaluator, placeholderStack, type Resource, type Template } from "../support/cloudFormation";

const APNS_SECRET = "chime-chat/apns";
const FCM_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:chime-chat/fcm-AbCdEf";

type Resolve = (address: string) => Promise<unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS file Serverless loads
const push = require("../../deploy/push.js") as {
  resources: (options: { resolveVariable: Resolve }) => Promise<Template & { Outputs?: Record<string, unknown> }>;
  appArn: (options: { resolveVariable: Resolve }) => Promise<unknown>;
};

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const list = (value: unknown) => [value].flat();
const normalized = (statements: Statement[]) =>
  statements.map((s) => ({ ...s, Action: list(s.Action), Resource: list(s.Resource) }));

describe("osls package --stage prod with push (APNs production and sandbox with VoIP, FCM)", () => {
  let packaged: Packaged;
  let template: Template;
  let cfn: Evaluator;
  const stack = () => placeholderStack(template);

  beforeAll(async () => {
    packaged = await packageStack([
      "--stage",
      "prod",
      "--param=corsOrigins=https://chat.example.com",
      `--param=pushApnsSecret=${APNS_SECRET}`,
      "--param=pushApnsEnvironments=production,sandbox",
      "--param=pushApnsVoip=true",
      `--param=pushFcmSecret=${FCM_SECRET}`,
    ]);
    template = packaged.template;
    cfn = new Evaluator(template, stack());
  }, 180_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  const resource = (id: string): Resource => {
    const found = template.Resources[id];
    if (!found) throw new Error(`No resource ${id}`);
    return found;
  };

  /** The document rendered by policies/index.ts with the placeholder stack's values. */
  const rendered = (name: PolicyName) => {
    const s = stack();
    const attribute = (id: string, name: string) => s.attributes[id][name];
    return JSON.parse(
      renderPolicy(name, {
        AppInstanceArn: attribute("AppInstance", "AppInstanceArn"),
        SessionTagKey: "my_applications_user_id",
        ServerRoleArn: "unused",
        UserRoleArn: "unused",
        RateLimitTableArn: "unused",
        ModerationDecisionsTableArn: "unused",
        ReservedUserIds: ["backend_worker"],
        PushAppArn: attribute("PushApp", "Arn"),
      }),
    ) as { Statement: Statement[] };
  };

  test("a Pinpoint app with the channels asked for, each credential a Secrets Manager dynamic reference", () => {
    expect(resource("PushApp")).toEqual({ Type: "AWS::Pinpoint::App", Properties: { Name: "chime-chat-api-prod" } });
    const channels = Object.entries(template.Resources).filter(([, r]) => /^AWS::Pinpoint::.*Channel$/.test(r.Type));
    expect(channels.map(([, r]) => r.Type).sort()).toEqual([
      "AWS::Pinpoint::APNSChannel",
      "AWS::Pinpoint::APNSSandboxChannel",
      "AWS::Pinpoint::APNSVoipChannel",
      "AWS::Pinpoint::APNSVoipSandboxChannel",
      "AWS::Pinpoint::GCMChannel",
    ]);
    const apns = (key: string) => `{{resolve:secretsmanager:${APNS_SECRET}:SecretString:${key}}}`;
    for (const [, channel] of channels.filter(([, r]) => r.Type !== "AWS::Pinpoint::GCMChannel")) {
      expect(channel.Properties).toEqual({
        ApplicationId: { Ref: "PushApp" },
        Enabled: true,
        DefaultAuthenticationMethod: "key",
        BundleId: apns("bundleId"),
        TeamId: apns("teamId"),
        TokenKeyId: apns("keyId"),
        TokenKey: apns("tokenKey"),
      });
    }
    expect(resource("PushGCMChannel").Properties).toEqual({
      ApplicationId: { Ref: "PushApp" },
      Enabled: true,
      DefaultAuthenticationMethod: "TOKEN",
      ServiceJson: `{{resolve:secretsmanager:${FCM_SECRET}:SecretString}}`,
    });
  });

  test("no secret in the template, and deploy:check finds no error", () => {
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/-----BEGIN|private_key|"type":\s*"service_account"/);
    // Every credential-bearing property of a channel is one of the references above.
    const findings = checkTemplate(template);
    expect(findings.filter((finding) => finding.severity === "error")).toEqual([]);
    expect(findings.map((finding) => finding.check)).not.toContain("push-secrets");
    // The check itself can fail: a literal key in a channel is an error.
    const leaked = JSON.parse(JSON.stringify(template)) as Template;
    (leaked.Resources.PushAPNSChannel.Properties as Record<string, unknown>).TokenKey = "MIGTAgEAMBMG";
    expect(checkTemplate(leaked).filter((finding) => finding.check === "push-secrets")).toEqual([
      expect.objectContaining({ severity: "error", resource: "PushAPNSChannel" }),
    ]);
  });

  test("the API's role and the user role get their push documents, policies/*-push.json, on this app", () => {
    const documentOf = (id: string) =>
      (cfn.evaluate(resource(id).Properties?.PolicyDocument) as { Statement: Statement[] }).Statement;
    expect(resource("PushServerRolePolicy").Properties?.Roles).toEqual([{ Ref: "IamRoleLambdaExecution" }]);
    expect(normalized(documentOf("PushServerRolePolicy"))).toEqual(normalized(rendered("server-role-push").Statement));
    expect(resource("PushUserRolePolicy").Properties?.Roles).toEqual([{ Ref: "UserRole" }]);
    expect(normalized(documentOf("PushUserRolePolicy"))).toEqual(normalized(rendered("user-role-push").Statement));
    // IAM's own variable stays text: the user role's push permissions are the tagged user's only.
    expect(JSON.stringify(documentOf("PushUserRolePolicy"))).toContain(
      "/user/${aws:PrincipalTag/my_applications_user_id}",
    );
  });

  test("Chime's push role: the name Chime accepts, trusted by Chime messaging only, SendMessages on this app", () => {
    expect(resource("ChimePushServiceRole")).toMatchObject({
      Type: "AWS::IAM::Role",
      DeletionPolicy: "Retain",
      Properties: { RoleName: "ServiceRoleForAmazonChimePushNotification" },
    });
    expect(cfn.evaluate(resource("ChimePushServiceRole").Properties?.AssumeRolePolicyDocument)).toEqual(
      rendered("push-service-role-trust"),
    );
    expect(resource("ChimePushServiceRolePolicy").Properties?.Roles).toEqual([{ Ref: "ChimePushServiceRole" }]);
    expect(cfn.evaluate(resource("ChimePushServiceRolePolicy").Properties?.PolicyDocument)).toEqual(
      rendered("push-service-role"),
    );
  });

  test("the API gets the app's ARN (push configured, message text left out) and the stack outputs it", () => {
    const variables = cfn.evaluate(
      (resource("GraphqlLambdaFunction").Properties?.Environment as { Variables: unknown }).Variables,
    ) as Record<string, string>;
    expect(variables.CHIME_PUSH_APP_ARN).toBe("PushApp.Arn");
    expect(resource("GraphqlLambdaFunction").Properties?.Environment).toMatchObject({
      Variables: { CHIME_PUSH_APP_ARN: { "Fn::GetAtt": ["PushApp", "Arn"] }, PUSH_INCLUDE_CONTENT: "false" },
    });
    const appInstance = "arn:aws:chime:us-east-1:123456789012:app-instance/3f2a6c1e-8d4b-4e5f-9a0b-1c2d3e4f5a6b";
    const appArn = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef0123456789abcdef";
    expect(
      loadConfig({
        ...variables,
        CHIME_APP_INSTANCE_ARN: appInstance,
        CHIME_BACKEND_USER_ARN: `${appInstance}/user/backend_worker`,
        CHIME_PUSH_APP_ARN: appArn,
        COGNITO_USER_POOL_ID: "us-east-1_AbC123",
        COGNITO_CLIENT_ID: "client",
        CHIME_USER_ROLE_ARN: "arn:aws:iam::123456789012:role/user",
        AWS_REGION: "us-east-1",
      }).push,
    ).toEqual({ appArn, includeContent: false });
    expect(template.Outputs?.PushAppArn?.Value).toEqual({ "Fn::GetAtt": ["PushApp", "Arn"] });
  });
});

describe("the push fragment's shapes and parameter checks (deploy/push.js)", () => {
  const resolver =
    (params: Record<string, string>, stage = "prod"): Resolve =>
    (address) => {
      const values: Record<string, unknown> = {
        "sls:stage": stage,
        "self:provider.region": "us-east-1",
        "self:service": "chime-chat-api",
        "param:sessionTagKey": "my_applications_user_id",
        "self:custom.names.serverRole": "server",
        "self:custom.names.userRole": "user",
        "self:custom.settings.reservedUserIds": ["backend_worker"],
        "param:pushApnsSecret": "",
        "param:pushApnsEnvironments": "production",
        "param:pushApnsVoip": "false",
        "param:pushFcmSecret": "",
        "param:pushServiceRole": "create",
        ...Object.fromEntries(Object.entries(params).map(([key, value]) => [`param:${key}`, value])),
      };
      if (!(address in values)) throw new Error(`unexpected variable ${address}`);
      return Promise.resolve(values[address]);
    };
  const fragment = (params: Record<string, string>, stage?: string) =>
    push.resources({ resolveVariable: resolver(params, stage) });

  test("off without secrets, and always off offline: no resource, and the API's CHIME_PUSH_APP_ARN is empty", async () => {
    expect(await fragment({})).toEqual({ Resources: {} });
    expect(await fragment({ pushFcmSecret: "fcm" }, "local")).toEqual({ Resources: {} });
    expect(await push.appArn({ resolveVariable: resolver({}) })).toBe("");
  });

  test("FCM only: the app, its FCM channel and no APNs channel", async () => {
    const { Resources } = await fragment({ pushFcmSecret: "fcm-secret" });
    const types = Object.values(Resources).map((r) => r.Type);
    expect(types.filter((type) => type.includes("Channel"))).toEqual(["AWS::Pinpoint::GCMChannel"]);
  });

  test("pushServiceRole=existing: no role made; this app's SendMessages goes on the account's role by name", async () => {
    const { Resources } = await fragment({ pushApnsSecret: "apns", pushServiceRole: "existing" });
    expect(Resources.ChimePushServiceRole).toBeUndefined();
    expect(Resources.ChimePushServiceRolePolicy.Properties?.Roles).toEqual([
      "ServiceRoleForAmazonChimePushNotification",
    ]);
  });

  test.each([
    [
      "a secret's value instead of its name",
      { pushApnsSecret: "-----BEGIN PRIVATE KEY-----\nabc" },
      /pushApnsSecret: must be a Secrets Manager secret's name or ARN, never the secret's value/,
    ],
    [
      "service account JSON",
      { pushFcmSecret: '{"type":"service_account"}' },
      /pushFcmSecret: must be a Secrets Manager/,
    ],
    [
      "a secret of another region",
      { pushFcmSecret: FCM_SECRET.replace("us-east-1", "eu-west-1") },
      /the secret is in eu-west-1/,
    ],
    [
      "an unknown APNs environment",
      { pushApnsSecret: "apns", pushApnsEnvironments: "staging" },
      /pushApnsEnvironments: must list/,
    ],
    [
      "a service role choice that is none",
      { pushApnsSecret: "apns", pushServiceRole: "maybe" },
      /pushServiceRole: must be create or existing/,
    ],
  ])("%s is refused, naming the parameter and not echoing a secret", async (_name, params, message) => {
    const attempt = fragment(params);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.not.toThrow(/BEGIN PRIVATE KEY|service_account/);
  });
});
