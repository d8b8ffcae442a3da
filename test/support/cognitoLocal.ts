/**
 * cognito-local behind its guard, as `npm start` runs it (local/stack/cognito.ts), with its data in a
 * temporary folder, and a user pool, an app client, users and groups made through the official Cognito
 * client signed with the guard's admin key. Its tokens are what the API's local mode verifies (RS256,
 * `kid: CognitoLocal`, JWKS at `/<pool id>/.well-known/jwks.json`).
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
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cognitoClient, startGuardedCognito } from "../../local/stack/cognito";
import type { AccessKey } from "../../local/stack/cognitoGuard";

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
  /** The guard's URL (the issuer's origin). */
  url: string;
  /** The key admin and pool operations are signed with. */
  adminKey: AccessKey;
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

export async function startCognitoLocal(options: { devOrigins?: readonly string[] } = {}): Promise<CognitoLocal> {
  const dataDir = await mkdtemp(join(tmpdir(), "cognito-local-"));
  const guarded = await startGuardedCognito({ dataDir, devOrigins: options.devOrigins }).catch(
    async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    },
  );
  const stop = async () => {
    await guarded.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const { url, adminKey } = guarded;
  const client = cognitoClient(url, "us-east-1", adminKey);
  const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: "chime-chat-api-test" }));
  const userPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "web" }),
  );
  const clientId = UserPoolClient?.ClientId as string;
  const groups = new Set<string>();

  return {
    url,
    adminKey,
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
