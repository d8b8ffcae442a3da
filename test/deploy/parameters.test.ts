/**
 * The deployment parameters' checks (deploy/serverless.js): a bad `--param` fails packaging with a
 * message naming it, before anything reaches CloudFormation.
 */
interface Settings {
  corsOrigins: string[];
  credentialsDurationSeconds: string;
  userRoleMaxSessionSeconds: number;
  deletionPolicy: string;
  logRetentionInDays: number;
  reservedUserIds: string[];
}
type Resolve = (address: string) => Promise<string>;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS file Serverless loads
const { settings } = require("../../deploy/serverless.js") as {
  settings: (options: { resolveVariable: Resolve }) => Promise<Settings>;
};

const defaults: Record<string, string> = {
  "sls:stage": "dev",
  "param:userPoolId": "",
  "param:userPoolClientId": "",
  "param:corsOrigins": "*",
  "param:throttleBurst": "200",
  "param:throttleRate": "100",
  "param:credentialsDurationSeconds": "3600",
  "param:retain": "false",
  "param:logRetentionDays": "30",
  "self:resources.Resources.AppInstance.Properties.BackendUserId": "backend_worker",
  "param:reservedUserIds": "",
};

function resolveWith(overrides: Record<string, string>): { resolveVariable: Resolve } {
  const values = { ...defaults, ...overrides };
  return { resolveVariable: (address) => Promise.resolve(values[address]) };
}

test("the defaults", async () => {
  expect(await settings(resolveWith({}))).toMatchObject({
    corsOrigins: ["*"],
    credentialsDurationSeconds: "3600",
    userRoleMaxSessionSeconds: 3600,
    deletionPolicy: "Delete",
    logRetentionInDays: 30,
  });
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
])("refuses %j", async (overrides, message) => {
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
