/**
 * The deployment parameters' checks (deploy/serverless.js): a bad `--param` fails packaging with a
 * message naming it, before anything reaches CloudFormation.
 */
interface Settings {
  region: string;
  corsOrigins: string[];
  credentialsDurationSeconds: string;
  userRoleMaxSessionSeconds: number;
  deletionPolicy: string;
  appInstanceDeletionPolicy: string;
  appInstanceReplacePolicy: string;
  adoptAppInstanceArn: string;
  logRetentionInDays: number;
  reservedUserIds: string[];
  userPoolTier: string;
  mfaConfiguration: string;
  enabledMfas: unknown;
  emailConfiguration: unknown;
  graphqlAuthorizer: string;
  alarmTopicArn: string;
  dashboard: boolean;
  reservedConcurrency: number | null;
  tracingMode: string | false;
  graphqlHandler: string;
  metricsService: string;
  metricsDisabled: string;
  givenUserPoolIssuer: string;
  messageRetentionDays: string;
}
type Resolve = (address: string) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS file Serverless loads
const { settings, routeSettings } = require("../../deploy/serverless.js") as {
  settings: (options: { resolveVariable: Resolve }) => Promise<Settings>;
  routeSettings: (options: { resolveVariable: Resolve }) => Promise<Record<string, unknown>>;
};

const defaults: Record<string, unknown> = {
  "sls:stage": "dev",
  "self:provider.region": "us-east-1",
  "self:service": "chime-chat-api",
  "param:userPoolId": "",
  "param:userPoolClientId": "",
  "param:corsOrigins": "*",
  "param:throttleBurst": "200",
  "param:throttleRate": "100",
  "param:credentialsDurationSeconds": "3600",
  "param:retain": "false",
  "param:logRetentionDays": "30",
  "self:resources.0.Resources.AppInstance.Properties.BackendUserId": "backend_worker",
  "param:reservedUserIds": "",
  "param:adoptAppInstanceArn": "",
  "param:mfa": "optional",
  "param:userPoolTier": "LITE",
  "param:sesIdentityArn": "",
  "param:sesFromAddress": "",
  "param:alarmTopicArn": "",
  "param:dashboard": "true",
  "param:reservedConcurrency": "",
  "param:tracing": "false",
  "param:messageRetentionDays": "",
};

function resolveWith(overrides: Record<string, unknown>): { resolveVariable: Resolve } {
  const values = { ...defaults, ...overrides };
  return { resolveVariable: (address) => Promise.resolve(values[address]) };
}

test("the defaults", async () => {
  expect(await settings(resolveWith({}))).toMatchObject({
    region: "us-east-1",
    corsOrigins: ["*"],
    credentialsDurationSeconds: "3600",
    userRoleMaxSessionSeconds: 3600,
    deletionPolicy: "Delete",
    appInstanceDeletionPolicy: "Delete",
    appInstanceReplacePolicy: "Delete",
    adoptAppInstanceArn: "",
    logRetentionInDays: 30,
    userPoolTier: "LITE",
    mfaConfiguration: "OPTIONAL",
    enabledMfas: ["SOFTWARE_TOKEN_MFA"],
    emailConfiguration: { Ref: "AWS::NoValue" },
    graphqlAuthorizer: "cognito",
    alarmTopicArn: "",
    dashboard: true,
    reservedConcurrency: null,
    tracingMode: false,
    graphqlHandler: "handlers/graphql.handler",
    metricsService: "chime-chat-api-dev",
    metricsDisabled: "false",
  });
});

test("retain: a `remove` keeps the app instance, a rolled-back create does not (RetainExceptOnCreate)", async () => {
  expect(await settings(resolveWith({ "param:retain": "true" }))).toMatchObject({
    appInstanceDeletionPolicy: "RetainExceptOnCreate",
    appInstanceReplacePolicy: "Retain",
    // The user pool keeps Retain: its deletion protection would make a rollback's delete fail.
    deletionPolicy: "Retain",
  });
});

test("the region: only where Chime SDK messaging and identity both run; offline, any", async () => {
  for (const region of ["us-east-1", "eu-central-1"])
    expect((await settings(resolveWith({ "self:provider.region": region }))).region).toBe(region);
  await expect(settings(resolveWith({ "self:provider.region": "eu-west-1" }))).rejects.toThrow(
    "Parameter region: Amazon Chime SDK messaging and identity run only in us-east-1 and eu-central-1, not in eu-west-1",
  );
  const offline = await settings(resolveWith({ "sls:stage": "local", "self:provider.region": "eu-west-1" }));
  expect(offline).toMatchObject({
    region: "eu-west-1",
    graphqlAuthorizer: "",
    dashboard: false,
    metricsDisabled: "true",
  });
});

test("adopting an app instance: an app instance ARN of the stack's region", async () => {
  const arn = "arn:aws:chime:eu-central-1:123456789012:app-instance/3f2a6c1e-8d4b-4e5f-9a0b-1c2d3e4f5a6b";
  const adopted = await settings(
    resolveWith({ "self:provider.region": "eu-central-1", "param:adoptAppInstanceArn": arn }),
  );
  expect(adopted.adoptAppInstanceArn).toBe(arn);
  await expect(settings(resolveWith({ "param:adoptAppInstanceArn": arn }))).rejects.toThrow(
    "Parameter adoptAppInstanceArn: the app instance is in eu-central-1; the stack deploys to us-east-1.",
  );
  await expect(settings(resolveWith({ "param:adoptAppInstanceArn": "my-app" }))).rejects.toThrow(
    'Parameter adoptAppInstanceArn: "my-app" is not an app instance ARN.',
  );
});

test("a given user pool's issuer is in the pool's own region", async () => {
  const given = await settings(resolveWith({ "param:userPoolId": "eu-central-1_AbC123" }));
  expect(given.givenUserPoolIssuer).toBe("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbC123");
  expect((await settings(resolveWith({}))).givenUserPoolIssuer).toBe("");
});

test("Cognito: MFA, the feature plan, and email through SES", async () => {
  expect(await settings(resolveWith({ "param:mfa": "required", "param:userPoolTier": "essentials" }))).toMatchObject({
    mfaConfiguration: "ON",
    enabledMfas: ["SOFTWARE_TOKEN_MFA"],
    userPoolTier: "ESSENTIALS",
  });
  expect(await settings(resolveWith({ "param:mfa": "off" }))).toMatchObject({
    mfaConfiguration: "OFF",
    enabledMfas: { Ref: "AWS::NoValue" },
  });
  const address = await settings(
    resolveWith({ "param:sesIdentityArn": "arn:aws:ses:us-east-1:123456789012:identity/ops@example.com" }),
  );
  expect(address.emailConfiguration).toEqual({
    EmailSendingAccount: "DEVELOPER",
    SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/ops@example.com",
  });
  const domain = await settings(
    resolveWith({
      "param:sesIdentityArn": "arn:aws:ses:us-east-1:123456789012:identity/chat.example.com",
      "param:sesFromAddress": "Chat <no-reply@chat.example.com>",
    }),
  );
  expect(domain.emailConfiguration).toMatchObject({ From: "Chat <no-reply@chat.example.com>" });
});

test("monitoring: the alarms' topic in the stack's region, reserved concurrency, tracing", async () => {
  const topic = "arn:aws:sns:us-east-1:123456789012:chime-chat-ops";
  expect(
    await settings(
      resolveWith({ "param:alarmTopicArn": topic, "param:reservedConcurrency": "50", "param:tracing": "true" }),
    ),
  ).toMatchObject({
    alarmTopicArn: topic,
    reservedConcurrency: 50,
    tracingMode: "Active",
    graphqlHandler: "handlers/graphqlTraced.handler",
  });
});

test("route throttles: each route its own, the stage's for the others; only routes that exist", async () => {
  const functions = {
    graphql: {
      events: [{ httpApi: { method: "POST", path: "/graphql" } }, { httpApi: { method: "GET", path: "/graphql" } }],
    },
    appInstanceBootstrap: { handler: "x" },
  };
  const resolve = (value: string) =>
    routeSettings(
      resolveWith({
        "param:routeThrottles": value,
        "self:functions": functions,
        "self:custom.settings.throttleRate": 100,
        "self:custom.settings.throttleBurst": 200,
      }),
    );
  expect(await resolve("GET /graphql=5/10")).toEqual({
    "POST /graphql": { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    "GET /graphql": { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 },
  });
  await expect(resolve("GET /other=5/10")).rejects.toThrow('Parameter routeThrottles: "GET /other" is not a route');
  await expect(resolve("GET /graphql=fast")).rejects.toThrow('Parameter routeThrottles: "GET /graphql=fast" is not');
});

test("reserved user ids: the backend user's first, then the parameter's, each an AppInstanceUser id", async () => {
  expect((await settings(resolveWith({}))).reservedUserIds).toEqual(["backend_worker"]);
  const listed = await settings(resolveWith({ "param:reservedUserIds": " ops_bot,backend_worker , audit.bot" }));
  expect(listed.reservedUserIds).toEqual(["backend_worker", "ops_bot", "audit.bot"]);
  await expect(settings(resolveWith({ "param:reservedUserIds": "bot*" }))).rejects.toThrow(
    'Parameter reservedUserIds: "bot*" is not an AppInstanceUser id.',
  );
});

test("origins are split on commas and checked", async () => {
  const listed = await settings(resolveWith({ "param:corsOrigins": "https://a.example.com, http://localhost:5173" }));
  expect(listed.corsOrigins).toEqual(["https://a.example.com", "http://localhost:5173"]);
  await expect(settings(resolveWith({ "param:corsOrigins": "a.example.com" }))).rejects.toThrow(
    'Parameter corsOrigins: "a.example.com" is not * or an origin',
  );
  await expect(settings(resolveWith({ "sls:stage": "prod", "param:corsOrigins": "" }))).rejects.toThrow(
    "Parameter corsOrigins: is required for stage prod",
  );
});

test.each([
  [{ "param:credentialsDurationSeconds": "7200" }, "credentialsDurationSeconds: must be an integer from 900 to 3600"],
  [{ "param:credentialsDurationSeconds": "600" }, "credentialsDurationSeconds: must be an integer from 900 to 3600"],
  [{ "param:userPoolClientId": "abc123" }, "userPoolClientId: an existing app client needs its user pool"],
  [{ "param:userPoolId": "not a pool" }, 'userPoolId: "not a pool" is not a user pool id'],
  [{ "param:throttleRate": "fast" }, "throttleRate: must be an integer"],
  [{ "param:retain": "yes" }, "retain: must be true or false"],
  [{ "param:logRetentionDays": "10" }, "logRetentionDays: must be one of 1, 3, 5, 7, 14, 30"],
  [{ "param:mfa": "sms" }, 'mfa: must be one of off, optional, required, not "sms"'],
  [{ "param:userPoolTier": "GOLD" }, "userPoolTier: must be one of LITE, ESSENTIALS, PLUS"],
  [{ "param:sesFromAddress": "a@example.com" }, "sesFromAddress: needs sesIdentityArn"],
  [
    { "param:sesIdentityArn": "arn:aws:ses:us-east-1:123456789012:identity/chat.example.com" },
    "sesFromAddress: is required for the domain identity chat.example.com",
  ],
  [{ "param:sesIdentityArn": "chat.example.com" }, 'sesIdentityArn: "chat.example.com" is not an SES identity ARN'],
  [{ "param:alarmTopicArn": "arn:aws:sns:eu-west-1:123456789012:ops" }, "alarmTopicArn: the topic is in eu-west-1"],
  [{ "param:alarmTopicArn": "ops" }, 'alarmTopicArn: "ops" is not an SNS topic ARN'],
  [{ "param:reservedConcurrency": "0" }, "reservedConcurrency: must be an integer from 1 to 10000"],
  [{ "param:tracing": "on" }, "tracing: must be true or false"],
  [{ "param:dashboard": "yes" }, "dashboard: must be true or false"],
] as [Record<string, string>, string][])("refuses %j", async (overrides, message) => {
  await expect(settings(resolveWith(overrides))).rejects.toThrow(`Parameter ${message}`);
});

describe("the session tag key the user role's policy names", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS file Serverless loads
  const { userRolePolicy } = require("../../policies/serverless.js") as {
    userRolePolicy: (options: { resolveVariable: Resolve }) => Promise<unknown>;
  };
  const withTagKey = (key: string) =>
    resolveWith({
      "param:sessionTagKey": key,
      "self:custom.names.serverRole": "chime-chat-api-dev-us-east-1-server",
      "self:custom.names.userRole": "chime-chat-api-dev-us-east-1-user",
    });

  test("the default is written into the policy variable", async () => {
    expect(JSON.stringify(await userRolePolicy(withTagKey("my_applications_user_id")))).toContain(
      "aws:PrincipalTag/my_applications_user_id",
    );
  });

  test.each(["aws:userid", "AWS:userid", "user id", "user}id", ""])(
    "%j is refused when packaging, as the API's configuration would refuse it at start",
    async (key) => {
      await expect(userRolePolicy(withTagKey(key))).rejects.toThrow(/sessionTagKey/);
    },
  );
});

test("messageRetentionDays: empty (retention left as it is), off, or 1 to 5475 days", async () => {
  expect((await settings(resolveWith({}))).messageRetentionDays).toBe("");
  expect((await settings(resolveWith({ "param:messageRetentionDays": " Off " }))).messageRetentionDays).toBe("off");
  expect((await settings(resolveWith({ "param:messageRetentionDays": "365" }))).messageRetentionDays).toBe("365");
  for (const value of ["0", "5476", "a year", "-1"]) {
    await expect(settings(resolveWith({ "param:messageRetentionDays": value }))).rejects.toThrow(
      `Parameter messageRetentionDays: must be an integer from 1 to 5475, not "${value}".`,
    );
  }
});
