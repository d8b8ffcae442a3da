/**
 * The bootstrap against the real parts: cognito-local as a child process and the local endpoint over
 * HTTP. A second run finds everything and creates nothing; what went missing in between is made again.
 */
import { AdminSetUserPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
  ChimeSDKIdentityClient,
  DeleteAppInstanceAdminCommand,
  DescribeAppInstanceAdminCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  ChimeSDKMessagingClient,
  DeleteChannelCommand,
  DescribeChannelFlowCommand,
  ListChannelMembershipsCommand,
  ListChannelsAssociatedWithChannelFlowCommand,
  ListChannelMessagesCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalEndpoint, type LocalEndpoint } from "../endpoint/localEndpoint";
import type { RequestLogEntry } from "../endpoint/server";
import { bootstrapChime, type ChimeBootstrapInput } from "./bootstrap";
import { bootstrapCognito, cognitoClient, startGuardedCognito, type GuardedCognito } from "./cognito";
import { DEMO_USERS, loadDemoPasswords } from "./demoUsers";

const dir = mkdtempSync(join(tmpdir(), "stack-bootstrap-"));
let cognito: GuardedCognito;
let endpoint: LocalEndpoint;
const endpointLog: RequestLogEntry[] = [];
let clients: { identity: ChimeSDKIdentityClient; messaging: ChimeSDKMessagingClient };

beforeAll(async () => {
  [cognito, endpoint] = await Promise.all([
    startGuardedCognito({ dataDir: join(dir, "cognito") }),
    startLocalEndpoint({ databasePath: ":memory:", log: (entry) => endpointLog.push(entry) }),
  ]);
  const config = {
    endpoint: endpoint.url,
    region: "us-east-1",
    credentials: endpoint.account.developerKey,
    maxAttempts: 1,
  };
  clients = { identity: new ChimeSDKIdentityClient(config), messaging: new ChimeSDKMessagingClient(config) };
});

afterAll(async () => {
  clients.identity.destroy();
  clients.messaging.destroy();
  await cognito.stop();
  await endpoint.close();
  rmSync(dir, { recursive: true, force: true });
});

async function bootstrap(moderation?: ChimeBootstrapInput["moderation"]) {
  const client = cognitoClient(cognito.url, "us-east-1", cognito.adminKey);
  try {
    const users = await bootstrapCognito(client, cognito.url, DEMO_USERS, loadDemoPasswords(join(dir, "pw.json")));
    const input: ChimeBootstrapInput = {
      ...clients,
      account: endpoint.account,
      users: users.users.map((user) => ({ sub: user.sub, name: user.username })),
      moderation,
    };
    const start = endpointLog.length;
    const chime = await bootstrapChime(input);
    const writes = endpointLog.slice(start).filter((entry) => !/^(Describe|List|Get)/.test(entry.operation ?? ""));
    return { users, chime, writes: writes.map((entry) => entry.operation) };
  } finally {
    client.destroy();
  }
}

test("a first run makes everything; a second finds it all and writes nothing", async () => {
  const first = await bootstrap();
  expect(first.users.created).toEqual([
    "user pool",
    "app client",
    "group admins",
    "user alice@example.com",
    "alice@example.com in admins",
    "user bob@example.com",
    "user carol@example.com",
  ]);
  expect(first.chime.created).toEqual([
    "app instance",
    "AppInstanceUser backend_worker",
    "AppInstanceAdmin backend_worker",
    "AppInstanceUser alice@example.com",
    "AppInstanceUser bob@example.com",
    "AppInstanceUser carol@example.com",
    "channel welcome",
    "3 member(s) of welcome",
  ]);
  const { appInstanceArn, backendUserArn, welcomeChannelArn } = first.chime;
  expect(backendUserArn).toBe(`${appInstanceArn}/user/backend_worker`);
  expect(endpoint.account.appInstanceArn).toBe(appInstanceArn);
  for (const user of first.users.users)
    expect(first.chime.userArns[user.sub]).toBe(`${appInstanceArn}/user/${user.sub}`);
  const { ChannelMemberships = [] } = await clients.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: welcomeChannelArn, ChimeBearer: backendUserArn }),
  );
  expect(ChannelMemberships.map((m) => m.Member?.Arn).sort()).toEqual(
    [backendUserArn, ...Object.values(first.chime.userArns)].sort(),
  );

  const second = await bootstrap();
  expect(second.users.created).toEqual([]);
  expect(second.chime.created).toEqual([]);
  expect(second.writes).toEqual([]);
  expect(second.users.userPoolId).toBe(first.users.userPoolId);
  expect(second.users.userPoolClientId).toBe(first.users.userPoolClientId);
  expect(second.users.users).toEqual(first.users.users);
  expect(second.chime).toEqual({ ...first.chime, created: [] });
});

test("a lost AppInstanceAdmin promotion is put back (by the custom resource's ensureBackendUser)", async () => {
  const { chime } = await bootstrap();
  const admin = { AppInstanceArn: chime.appInstanceArn, AppInstanceAdminArn: chime.backendUserArn };
  await clients.identity.send(new DeleteAppInstanceAdminCommand(admin));

  const after = await bootstrap();
  expect(after.chime.created).toEqual(["AppInstanceAdmin backend_worker"]);
  expect(after.writes).toEqual(["CreateAppInstanceAdmin"]);
  const { AppInstanceAdmin } = await clients.identity.send(new DescribeAppInstanceAdminCommand(admin));
  expect(AppInstanceAdmin?.Admin?.Arn).toBe(chime.backendUserArn);
});

test("a deleted welcome channel is made again (its old ClientRequestToken is not replayed)", async () => {
  const before = await bootstrap();
  const { backendUserArn, welcomeChannelArn } = before.chime;
  await clients.messaging.send(
    new DeleteChannelCommand({ ChannelArn: welcomeChannelArn, ChimeBearer: backendUserArn }),
  );

  const after = await bootstrap();
  expect(after.chime.welcomeChannelArn).not.toBe(welcomeChannelArn);
  expect(after.chime.created).toEqual(["channel welcome", "3 member(s) of welcome"]);
  const { ChannelMessages = [] } = await clients.messaging.send(
    new ListChannelMessagesCommand({ ChannelArn: after.chime.welcomeChannelArn, ChimeBearer: backendUserArn }),
  );
  expect(ChannelMessages.map((message) => message.Content)).toEqual([
    "Welcome to chime-chat-api! This channel was made by npm start.",
  ]);
});

test("a demo user whose password was changed gets the kept one back, so the banner stays true", async () => {
  const { users } = await bootstrap();
  const client = cognitoClient(cognito.url, "us-east-1", cognito.adminKey);
  try {
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: users.userPoolId,
        Username: "bob@example.com",
        Password: "Changed-by-hand-1",
        Permanent: true,
      }),
    );
  } finally {
    client.destroy();
  }
  const after = await bootstrap();
  expect(after.users.created).toEqual(["password of bob@example.com (reset to the one in the state folder)"]);
  expect(after.users.users).toEqual(users.users);
});

test("with moderation: the flow of sls offline's processor, on the welcome channel; again, nothing written; off, removed", async () => {
  const processorLambdaArn = "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-local-moderationProcessor";
  const moderation = { processorLambdaArn, fallbackAction: "ABORT" as const };
  const on = await bootstrap(moderation);
  expect(on.chime.created).toEqual(["the moderation channel flow", "welcome under moderation"]);
  const flowArn = on.chime.channelFlowArn as string;
  const { ChannelFlow } = await clients.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: flowArn }));
  expect(ChannelFlow).toMatchObject({
    Name: "chime-chat-api-local-moderation",
    Processors: [{ FallbackAction: "ABORT", Configuration: { Lambda: { ResourceArn: processorLambdaArn } } }],
  });
  const associated = async () =>
    (
      await clients.messaging.send(new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: flowArn }))
    ).Channels?.map((channel) => channel.ChannelArn);
  expect(await associated()).toEqual([on.chime.welcomeChannelArn]);

  const again = await bootstrap(moderation);
  expect(again.chime.created).toEqual([]);
  expect(again.writes).toEqual([]);
  expect(again.chime.channelFlowArn).toBe(flowArn);

  const off = await bootstrap();
  expect(off.chime.channelFlowArn).toBeUndefined();
  expect(off.writes).toEqual(["DisassociateChannelFlow", "DeleteChannelFlow"]);
  await expect(
    clients.messaging.send(new DescribeChannelFlowCommand({ ChannelFlowArn: flowArn })),
  ).rejects.toMatchObject({ name: "ForbiddenException" });
});
