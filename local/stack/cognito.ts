/**
 * cognito-local: started from node_modules as a child process (its data under `<state>/cognito/.cognito/`)
 * on a Unix socket, behind its guard (cognitoGuard.ts), which owns COGNITO_PORT; bootstrapped through
 * the official Cognito client, signed with the stack's Cognito admin key. Every step looks before it
 * creates, so a second start finds the pool, the app client, the group and the users, and changes nothing.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersInGroupCommand,
  type AttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { reachableHostNames } from "../http/trust";
import { startChild, type Child } from "./children";
import { newCognitoAdminKey, startCognitoGuard, type AccessKey } from "./cognitoGuard";
import type { GuardServer } from "./guardServer";
import { freePort } from "./ports";
import { ADMIN_GROUP, type DemoUser } from "./demoUsers";

export const USER_POOL_NAME = "chime-chat-api-local";
export const APP_CLIENT_NAME = "chime-chat-api-local-app";

export interface CognitoProcess {
  child: Child;
  /** The guard's URL, which is also the issuer's origin. */
  url: string;
}

/**
 * cognito-local on `socketPath`. `host` and `port` are its guard's: its tokens' issuer is
 * `http://<host>:<port>/<pool id>`, the address clients and the API reach it at.
 */
export function startCognito(options: {
  host: string;
  port: number;
  socketPath: string;
  dataDir: string;
  verbose: boolean;
}): CognitoProcess {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const child = startChild({
    name: "cognito",
    script: join(__dirname, "cognitoServer.js"),
    args: [options.socketPath],
    // cognito-local keeps its data under ./.cognito of its working directory.
    cwd: options.dataDir,
    // HOST and PORT make the host of the tokens' issuer (http://HOST:PORT/<pool id>).
    env: { ...process.env, HOST: options.host, PORT: String(options.port) },
    echo: options.verbose,
  });
  return { child, url: `http://${options.host}:${options.port}` };
}

export async function waitForCognito(cognito: CognitoProcess, timeoutMs: number): Promise<void> {
  await cognito.child.waitForLine((line) => line.includes("Cognito Local running on"), timeoutMs);
}

export interface GuardedCognito extends CognitoProcess {
  adminKey: AccessKey;
  guard: GuardServer;
  /** Ends the guard and cognito-local. */
  stop(): Promise<void>;
}

/**
 * cognito-local behind its guard, ready, as `npm start` runs it: for tests. The guard listens on a
 * free port unless `port` is given; its socket is `cognito.sock` in `dataDir`.
 */
export async function startGuardedCognito(options: {
  dataDir: string;
  port?: number;
  devOrigins?: readonly string[];
  timeoutMs?: number;
}): Promise<GuardedCognito> {
  const host = "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  const socketPath = join(options.dataDir, "cognito.sock");
  const adminKey = newCognitoAdminKey();
  const cognito = startCognito({ host, port, socketPath, dataDir: options.dataDir, verbose: false });
  let guard: GuardServer | undefined;
  try {
    guard = await startCognitoGuard({
      host,
      port,
      upstreamSocket: socketPath,
      adminKey,
      trust: { hostNames: reachableHostNames(host), origins: new Set(options.devOrigins ?? []) },
    });
    await waitForCognito(cognito, options.timeoutMs ?? 20_000);
  } catch (error) {
    await guard?.close();
    await cognito.child.stop();
    throw error;
  }
  const started = guard;
  return {
    ...cognito,
    adminKey,
    guard: started,
    stop: async () => {
      await started.close();
      await cognito.child.stop();
    },
  };
}

/**
 * A Cognito client for cognito-local's guard. Admin and pool operations are signed with `adminKey`,
 * as Cognito wants AWS credentials for them; public ones (InitiateAuth, SignUp...) go unsigned.
 */
export function cognitoClient(url: string, region: string, adminKey?: AccessKey): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region,
    // Without the admin key (`npm run token`: InitiateAuth only) the SDK still wants credentials to
    // resolve; the guard refuses anything they would sign.
    credentials: adminKey ?? { accessKeyId: "none", secretAccessKey: "none" },
    maxAttempts: 1,
  });
}

export interface CognitoUser {
  username: string;
  password: string;
  sub: string;
  admin: boolean;
}

export interface CognitoBootstrap {
  userPoolId: string;
  userPoolClientId: string;
  /** The `iss` of its tokens, and where the API fetches its keys. */
  issuer: string;
  jwksUri: string;
  users: CognitoUser[];
  /** What this run had to create (empty on a second start). */
  created: string[];
}

function present(value: string | undefined, problem: string): string {
  if (!value) throw new Error(`cognito-local: ${problem}.`);
  return value;
}

function isError(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

export async function bootstrapCognito(
  client: CognitoIdentityProviderClient,
  cognitoUrl: string,
  demoUsers: readonly DemoUser[],
  passwords: Record<string, string>,
): Promise<CognitoBootstrap> {
  const created: string[] = [];

  const { UserPools = [] } = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = UserPools.find((pool) => pool.Name === USER_POOL_NAME)?.Id;
  if (!userPoolId) {
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({ PoolName: USER_POOL_NAME, UsernameAttributes: ["email"] }),
    );
    userPoolId = present(UserPool?.Id, "CreateUserPool returned no pool id");
    created.push("user pool");
  }

  const { UserPoolClients = [] } = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let userPoolClientId = UserPoolClients.find((app) => app.ClientName === APP_CLIENT_NAME)?.ClientId;
  if (!userPoolClientId) {
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: APP_CLIENT_NAME,
        // A public client (no secret), as web and mobile apps use.
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    userPoolClientId = present(UserPoolClient?.ClientId, "CreateUserPoolClient returned no client id");
    created.push("app client");
  }

  const { Groups = [] } = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  if (!Groups.some((group) => group.GroupName === ADMIN_GROUP)) {
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: ADMIN_GROUP }));
    created.push(`group ${ADMIN_GROUP}`);
  }

  // Members by username and sub. (cognito-local's AdminListGroupsForUser misses users whose
  // username is an email: it compares the email with the stored username, a uuid.)
  const admins = new Set<string>();
  const { Users: members = [] } = await client.send(
    new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: ADMIN_GROUP }),
  );
  for (const member of members) {
    if (member.Username) admins.add(member.Username);
    for (const attribute of member.Attributes ?? []) {
      if ((attribute.Name === "sub" || attribute.Name === "email") && attribute.Value) admins.add(attribute.Value);
    }
  }

  const users: CognitoUser[] = [];
  for (const demo of demoUsers) {
    const password = passwords[demo.username];
    const pool = { UserPoolId: userPoolId, Username: demo.username };
    let attributes: AttributeType[] | undefined;
    try {
      attributes = (await client.send(new AdminGetUserCommand(pool))).UserAttributes;
    } catch (error) {
      if (!isError(error, "UserNotFoundException")) throw error;
      const { User } = await client.send(
        new AdminCreateUserCommand({
          ...pool,
          UserAttributes: [
            { Name: "email", Value: demo.username },
            { Name: "email_verified", Value: "true" },
          ],
          MessageAction: "SUPPRESS",
          TemporaryPassword: password,
        }),
      );
      await client.send(new AdminSetUserPasswordCommand({ ...pool, Password: password, Permanent: true }));
      attributes = User?.Attributes;
      created.push(`user ${demo.username}`);
    }
    const sub = attributes?.find((attribute) => attribute.Name === "sub")?.Value;
    if (!sub) throw new Error(`cognito-local returned no sub for ${demo.username}.`);

    // The banner promises these passwords work: sign in once, and reset a password that was changed.
    try {
      await signIn(client, userPoolClientId, demo.username, password);
    } catch (error) {
      // Cognito says NotAuthorized for a wrong password; cognito-local says InvalidPassword.
      if (!isError(error, "NotAuthorizedException") && !isError(error, "InvalidPasswordException")) throw error;
      await client.send(new AdminSetUserPasswordCommand({ ...pool, Password: password, Permanent: true }));
      await signIn(client, userPoolClientId, demo.username, password);
      created.push(`password of ${demo.username} (reset to the one in the state folder)`);
    }

    if (demo.admin && !admins.has(sub)) {
      await client.send(new AdminAddUserToGroupCommand({ ...pool, GroupName: ADMIN_GROUP }));
      created.push(`${demo.username} in ${ADMIN_GROUP}`);
    }
    users.push({ username: demo.username, password, sub, admin: demo.admin });
  }

  const issuer = `${cognitoUrl}/${userPoolId}`;
  return {
    userPoolId,
    userPoolClientId,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    users,
    created,
  };
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

export async function signIn(
  client: CognitoIdentityProviderClient,
  clientId: string,
  username: string,
  password: string,
): Promise<Tokens> {
  const { AuthenticationResult } = await client.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  if (!AuthenticationResult?.IdToken || !AuthenticationResult.AccessToken) {
    throw new Error(`cognito-local returned no tokens for ${username}.`);
  }
  return {
    idToken: AuthenticationResult.IdToken,
    accessToken: AuthenticationResult.AccessToken,
    refreshToken: AuthenticationResult.RefreshToken,
  };
}
