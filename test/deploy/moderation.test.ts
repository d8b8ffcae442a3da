/**
 * The packaged template with `moderation=true` (the default, off, is package.test.ts's dev package):
 * the channel flow as a custom resource of the bootstrap function, the processor with its own
 * least-privilege role (policies/moderation-processor-role.json), Chime's permission to invoke it, the
 * denials table, what the API's and users' roles add, and the API's environment. The bootstrap role's
 * policies are shown enough for the flow's Create, Update and Delete against the local endpoint with
 * them in force; the parameters are checked before anything is packaged.
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { packageStack, type Packaged } from "../../deploy/package";
import { checkTemplate } from "../../deploy/templateChecks";
import { createChannelFlowResourceHandler } from "../../src/bootstrap/channelFlowResource";
import type { BootstrapEvent } from "../../src/bootstrap/customResource";
import { loadConfig } from "../../src/config";
import { associate } from "../support/channelFlows";
import { createChannel } from "../support/channels";
import { dependencies, Evaluator, findCycle, type Template } from "../support/cloudFormation";
import { clientConfig, createApp, makeAdmin, startTestEndpoint, testRegion } from "../support/localEndpoint";
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
import { readZip } from "../support/zip";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, as Serverless loads it
const { moderationSettings } = require("../../deploy/moderation.js") as {
  moderationSettings: (resolve: (name: string) => Promise<unknown>) => Promise<Record<string, unknown>>;
};

describe("osls package --stage dev --param=moderation=true", () => {
  let packaged: Packaged;
  let template: Template;
  let cfn: Evaluator;
  const stack = () => fakeStack(template);

  beforeAll(async () => {
    packaged = await packageStack([
      "--stage",
      "dev",
      "--param=retain=false",
      "--param=moderation=true",
      "--param=moderationWords=darn,fudge cake",
      "--param=moderationPersonalData=email,card",
      "--param=moderationFallback=CONTINUE",
    ]);
    template = packaged.template;
    cfn = new Evaluator(template, stack());
  }, 120_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  const evaluated = (id: string) => cfn.evaluate(properties(template, id)) as Record<string, unknown>;

  test("the processor: its own role, the parameters as its configuration, none of the API's", () => {
    const fn = evaluated("ModerationProcessorLambdaFunction");
    expect(fn).toMatchObject({
      Handler: "handlers/moderationProcessor.handler",
      Runtime: "nodejs22.x",
      MemorySize: 256,
      Timeout: 10,
      Role: stack().attributes.ModerationProcessorRole.Arn,
    });
    const variables = (fn.Environment as { Variables: Record<string, string> }).Variables;
    expect(variables).toMatchObject({
      MODERATION_WORDS: "darn,fudge cake",
      MODERATION_WORD_ACTION: "deny",
      MODERATION_PERSONAL_DATA: "email,card",
      MODERATION_PERSONAL_DATA_ACTION: "mask",
      MODERATION_DECISIONS_TABLE: stack().refs.ModerationDecisionsTable,
    });
    for (const name of ["CHIME_APP_INSTANCE_ARN", "CHIME_USER_ROLE_ARN", "RATE_LIMIT_TABLE", "COGNITO_CLIENT_ID"]) {
      expect(variables[name]).toBe("");
    }
    expect(Object.keys(variables).filter((name) => name.startsWith("AWS_"))).toEqual([]);
  });

  test("the processor's role: the callback on the app instance's channels, its denials, its logs; nothing else", () => {
    const role = properties(template, "ModerationProcessorRole");
    expect(cfn.evaluate(role.AssumeRolePolicyDocument)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const [answer, logs] = role.Policies as RolePolicy[];
    expect(normalized(cfn.evaluate(answer.PolicyDocument.Statement) as Statement[])).toEqual(
      normalized(rendered("moderation-processor-role", policyParameters(stack())).Statement),
    );
    const appInstanceArn = stack().attributes.AppInstance.AppInstanceArn;
    expect(JSON.stringify(cfn.evaluate(answer.PolicyDocument))).toContain(`"${appInstanceArn}/channel/*"`);
    expect(cfn.evaluate(logs.PolicyDocument.Statement)).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/chime-chat-api-dev-moderationProcessor:*",
      },
    ]);
  });

  test("Chime's messaging service may invoke the processor, for this account and app instance only", () => {
    expect(evaluated("ModerationProcessorInvokePermission")).toEqual({
      FunctionName: stack().attributes.ModerationProcessorLambdaFunction.Arn,
      Action: "lambda:InvokeFunction",
      Principal: "messaging.chime.amazonaws.com",
      SourceAccount: "123456789012",
      SourceArn: `${stack().attributes.AppInstance.AppInstanceArn}*`,
    });
  });

  test("the flow: the bootstrap function's custom resource, once it may act and Chime may invoke", () => {
    const flow = resource(template, "ModerationChannelFlow");
    expect(flow).toMatchObject({
      Type: "Custom::ChimeChannelFlow",
      DeletionPolicy: "Delete",
      DependsOn: expect.arrayContaining([
        "AppInstanceBootstrapModerationPolicy",
        "ModerationProcessorInvokePermission",
        "ApiModerationPolicy",
      ]) as string[],
    });
    expect(evaluated("ModerationChannelFlow")).toEqual({
      ServiceToken: stack().attributes.AppInstanceBootstrapLambdaFunction.Arn,
      ServiceTimeout: 300,
      AppInstanceArn: stack().attributes.AppInstance.AppInstanceArn,
      Name: "chime-chat-api-dev-moderation",
      ProcessorLambdaArn: stack().attributes.ModerationProcessorLambdaFunction.Arn,
      FallbackAction: "CONTINUE",
      BackendUserArn: stack().attributes.AppInstance.BackendUserArn,
    });
    expect(cfn.evaluate(template.Outputs?.ChannelFlowArn?.Value)).toBe(
      stack().attributes.ModerationChannelFlow.ChannelFlowArn,
    );
  });

  test("the API: its role may associate and read denials; its function names the flow and the table, which src/config.ts accepts", () => {
    const api = evaluated("ApiModerationPolicy") as { Roles: unknown; PolicyDocument: { Statement: Statement[] } };
    expect(api.Roles).toEqual([stack().refs.IamRoleLambdaExecution]);
    expect(normalized(api.PolicyDocument.Statement)).toEqual(
      normalized(rendered("server-role-moderation", policyParameters(stack())).Statement),
    );
    const user = evaluated("UserRoleModerationPolicy") as {
      Roles: unknown;
      PolicyDocument: { Statement: Statement[] };
    };
    expect(user.Roles).toEqual([stack().refs.UserRole]);
    expect(normalized(user.PolicyDocument.Statement)).toEqual(
      normalized(rendered("user-role-moderation", policyParameters(stack())).Statement),
    );
    const variables = (evaluated("GraphqlLambdaFunction").Environment as { Variables: Record<string, string> })
      .Variables;
    expect(variables).toMatchObject({
      CHIME_CHANNEL_FLOW_ARN: stack().attributes.ModerationChannelFlow.ChannelFlowArn,
      MODERATION_DECISIONS_TABLE: stack().refs.ModerationDecisionsTable,
    });
    expect(loadConfig({ ...variables, AWS_REGION: "us-east-1" }).moderation).toEqual({
      channelFlowArn: stack().attributes.ModerationChannelFlow.ChannelFlowArn,
      decisionsTable: stack().refs.ModerationDecisionsTable,
    });
  });

  test("the denials table: on-demand, TTL on expiresAt", () => {
    expect(resource(template, "ModerationDecisionsTable")).toMatchObject({
      DeletionPolicy: "Delete",
      Properties: {
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      },
    });
  });

  test("no dependency cycle; deploy:check finds no error; the processor has its own small bundle", () => {
    expect(findCycle(dependencies(template))).toBeUndefined();
    expect(checkTemplate(template).filter((finding) => finding.severity === "error")).toEqual([]);
    const zip = readZip(join(packaged.dir, "moderationProcessor.zip"));
    expect(zip.map((entry) => entry.name).sort()).toEqual([
      "handlers/moderationProcessor.js",
      "handlers/moderationProcessor.js.map",
    ]);
    const code =
      zip
        .find((entry) => entry.name.endsWith(".js"))
        ?.data()
        .toString("utf8") ?? "";
    // Moderation and the SDK clients it calls; not the API (its GraphQL server).
    expect(code).toContain("CHANNEL_MESSAGE_EVENT");
    expect(code).not.toContain("POST body missing, invalid Content-Type"); // src/graphql/http/request.ts
  });

  test("the bootstrap role's policies are enough for the flow's Create, Update and Delete (local endpoint, in force)", async () => {
    const local = new Evaluator(template, fakeStack(template, { accountId: "111122223333", region: testRegion }));
    const [base] = properties(template, "AppInstanceBootstrapRole").Policies as RolePolicy[];
    const moderation = local.evaluate(properties(template, "AppInstanceBootstrapModerationPolicy").PolicyDocument) as {
      Statement: Statement[];
    };
    const baseDocument = local.evaluate(base.PolicyDocument) as { Statement: Statement[] };
    const policy = { Version: "2012-10-17", Statement: [...baseDocument.Statement, ...moderation.Statement] };
    // The fake stack's app instance, made on the endpoint (its id comes first), with its backend user.
    const appInstanceArn = fakeStack(template, { accountId: "111122223333", region: testRegion }).attributes.AppInstance
      .AppInstanceArn;
    const ids = [appInstanceArn.split("/")[1]];
    const t = await startTestEndpoint({
      account: { policyTemplates: { "server-role": JSON.stringify(policy) } },
      ids: { next: () => ids.shift() ?? randomUUID() },
    });
    const app = await createApp(t.identity, ["backend_worker", "alice"]);
    expect(app.appInstanceArn).toBe(appInstanceArn);
    await makeAdmin(t.identity, app, "backend_worker");
    await t.usePoliciesFor(app.appInstanceArn);
    const messaging = new ChimeSDKMessagingClient(clientConfig(t.endpoint.url, t.credentials.server));
    const { answers, handlerDependencies, context, event } = customResourceRun(
      "ModerationChannelFlow",
      "Custom::ChimeChannelFlow",
      local.evaluate(properties(template, "ModerationChannelFlow")) as Record<string, string>,
    );
    const handler = createChannelFlowResourceHandler({ messaging, ...handlerDependencies });
    try {
      await handler({ ...event, RequestType: "Create", RequestId: "create-1" } as BootstrapEvent, context);
      const arn = answers[0].PhysicalResourceId;
      const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
      await associate(t.messaging, channelArn, arn, app.users.alice);
      await handler(
        {
          ...event,
          RequestType: "Update",
          RequestId: "update-1",
          PhysicalResourceId: arn,
        } as unknown as BootstrapEvent,
        context,
      );
      await handler(
        { ...event, RequestType: "Delete", RequestId: "delete-1", PhysicalResourceId: arn } as BootstrapEvent,
        context,
      );
      expect(answers.map((answer) => [answer.Status, answer.Reason])).toEqual([
        ["SUCCESS", undefined],
        ["SUCCESS", undefined],
        ["SUCCESS", undefined],
      ]);
      expect(answers[0].PhysicalResourceId).toMatch(new RegExp(`^${app.appInstanceArn}/channel-flow/`));
    } finally {
      messaging.destroy();
      await t.close();
    }
  });
});

describe("the moderation parameters", () => {
  const resolver =
    (params: Record<string, string>) =>
    (name: string): Promise<unknown> => {
      if (name === "sls:stage") return Promise.resolve("dev");
      const defaults: Record<string, string> = {
        moderation: "true",
        moderationWords: "",
        moderationWordAction: "deny",
        moderationPersonalData: "",
        moderationPersonalDataAction: "mask",
        moderationFallback: "ABORT",
      };
      return Promise.resolve({ ...defaults, ...params }[name.replace(/^param:/, "")]);
    };

  test.each([
    ["moderation", { moderation: "yes" }],
    ["moderationWordAction", { moderationWordAction: "hide" }],
    ["moderationPersonalData", { moderationPersonalData: "email,passport" }],
    ["moderationFallback", { moderationFallback: "RETRY" }],
    ["moderationWords", { moderationWords: "x".repeat(101) }],
    ["moderationWords", { moderationWords: Array.from({ length: 400 }, (_, i) => `word${i}`).join(",") }],
  ])("a bad %s fails the package, naming it", async (name, params) => {
    await expect(moderationSettings(resolver(params))).rejects.toThrow(`Parameter ${name}:`);
  });

  test("the defaults: off; when on, words deny, personal data of every kind masked, ABORT", async () => {
    expect(await moderationSettings(resolver({ moderation: "false" }))).toMatchObject({ enabled: false });
    expect(await moderationSettings(resolver({}))).toMatchObject({
      enabled: true,
      words: "",
      wordAction: "deny",
      personalData: "",
      personalDataAction: "mask",
      fallback: "ABORT",
    });
  });
});
