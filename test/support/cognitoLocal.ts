/**
 * cognito-local as a child process on a free port, with its data in a temporary folder, and a user
 * pool, an app client, users and groups made through the official Cognito client. Its tokens are what
 * the API's local mode verifies (RS256, `kid: CognitoLocal`, JWKS at `/<pool id>/.well-known/jwks.json`).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CognitoUser {
  username: string;
  password: string;
  sub: string;
}

export interface CognitoTokens {
  idToken: string;
  accessToken: string;
}

export interface CognitoLocal {
  url: string;
  userPoolId: string;
  clientId: string;
  /** The `iss` of its tokens. */
  issuer: string;
  jwksUri: string;
  client: CognitoIdentityProviderClient;
  createUser(email: string, options?: { groups?: string[] }): Promise<CognitoUser>;
  signIn(user: CognitoUser): Promise<CognitoTokens>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function waitForStart(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Cognito Local running on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with ${code}:\n${output}`));
    });
  });
}

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const dataDir = await mkdtemp(join(tmpdir(), "cognito-local-"));
  const port = await freePort();
  const host = "127.0.0.1";
  const child = spawn(process.execPath, [require.resolve("cognito-local/lib/bin/start.js")], {
    cwd: dataDir,
    // HOST also sets the issuer's host (http://HOST:PORT/<pool id>).
    env: { ...process.env, PORT: String(port), HOST: host },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForStart(child, 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://${host}:${port}`;
  const client = new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: "chime-chat-api-test" }));
  const userPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "web" }),
  );
  const clientId = UserPoolClient?.ClientId as string;
  const groups = new Set<string>();

  return {
    url,
    userPoolId,
    clientId,
    issuer: `${url}/${userPoolId}`,
    jwksUri: `${url}/${userPoolId}/.well-known/jwks.json`,
    client,
    async createUser(email, options = {}) {
      const password = `Pw-${Math.random().toString(36).slice(2)}-A1!`;
      const { User } = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
          ],
          MessageAction: "SUPPRESS",
          TemporaryPassword: password,
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
      for (const group of options.groups ?? []) {
        if (!groups.has(group)) {
          await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
          groups.add(group);
        }
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
        );
      }
      const sub = User?.Attributes?.find((attribute) => attribute.Name === "sub")?.Value as string;
      return { username: email, password, sub };
    },
    async signIn(user) {
      const { AuthenticationResult } = await client.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
        }),
      );
      return {
        idToken: AuthenticationResult?.IdToken as string,
        accessToken: AuthenticationResult?.AccessToken as string,
      };
    },
    async close() {
      client.destroy();
      await stop();
    },
  };
}
