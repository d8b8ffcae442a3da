/**
 * cognito-local behind its guard, over real HTTP with the official Cognito client and with requests as
 * a browser page or a rebinding attack sends them: a `sub` is assigned, never chosen; admin and pool
 * operations need the stack's admin key; other web origins and other Host names get nothing.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  GetUserCommand,
  ListUsersCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type AttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { PUBLIC_OPERATIONS } from "../../local/stack/cognitoGuard";
import { startCognitoLocal, type CognitoLocal, type CognitoUser } from "../support/cognitoLocal";
import { rawRequest } from "../support/rawHttp";

const DEV_ORIGIN = "http://localhost:5173";
const ATTACKER = "https://attacker.example";
let cognito: CognitoLocal;
let alice: CognitoUser;
let bob: CognitoUser;
/** A client with no admin key: what a web or mobile app holds. */
let publicClient: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startCognitoLocal({ devOrigins: [DEV_ORIGIN] });
  alice = await cognito.createUser("alice@example.com", { groups: ["admins"] });
  bob = await cognito.createUser("bob@example.com");
  publicClient = new CognitoIdentityProviderClient({
    endpoint: cognito.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIANOTTHEADMINKEY00", secretAccessKey: "guessed" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  publicClient.destroy();
  await cognito.close();
});

const port = () => Number(new URL(cognito.url).port);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => `${error.name} ${error.$metadata?.httpStatusCode}`,
  );
const errorType = (answer: { body: string }) => (JSON.parse(answer.body) as { __type?: string }).__type;
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as { sub: string };
const subOf = (attributes: AttributeType[] | undefined) => attributes?.find((a) => a.Name === "sub")?.Value;

async function usernames(): Promise<string[]> {
  const { Users = [] } = await cognito.client.send(new ListUsersCommand({ UserPoolId: cognito.userPoolId }));
  return Users.flatMap((user) => user.Attributes?.filter((a) => a.Name === "email").map((a) => a.Value ?? "") ?? []);
}

describe("a sub is assigned, never chosen", () => {
  test("SignUp with another user's sub is refused as Cognito refuses a client's unauthorized attribute, and no user is made", async () => {
    const attempt = publicClient.send(
      new SignUpCommand({
        ClientId: cognito.clientId,
        Username: "mallory@example.com",
        Password: "Mallory-Pa55word!",
        UserAttributes: [
          { Name: "email", Value: "mallory@example.com" },
          { Name: "sub", Value: alice.sub },
        ],
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "A client attempted to write unauthorized attribute",
    });
    expect(await usernames()).not.toContain("mallory@example.com");

    // Without it, the sign-up works and Cognito assigns a sub of its own.
    const { UserSub } = await publicClient.send(
      new SignUpCommand({
        ClientId: cognito.clientId,
        Username: "mallory@example.com",
        Password: "Mallory-Pa55word!",
        UserAttributes: [{ Name: "email", Value: "mallory@example.com" }],
      }),
    );
    expect(UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect([alice.sub, bob.sub]).not.toContain(UserSub);
  });

  test("AdminCreateUser with a sub of its choosing is refused (sub is not mutable), even with the admin key", async () => {
    const attempt = cognito.client.send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: "eve@example.com",
        UserAttributes: [
          { Name: "email", Value: "eve@example.com" },
          { Name: "sub", Value: "backend_worker" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Cannot modify the non-mutable attribute sub",
    });
    expect(await usernames()).not.toContain("eve@example.com");
  });

  test("UpdateUserAttributes with the user's own access token cannot change the sub; the tokens keep it", async () => {
    const { accessToken } = await cognito.signIn(bob);
    expect(
      await failure(
        publicClient.send(
          new UpdateUserAttributesCommand({
            AccessToken: accessToken,
            UserAttributes: [{ Name: "sub", Value: alice.sub }],
          }),
        ),
      ),
    ).toBe("NotAuthorizedException 400");
    expect(
      await failure(
        publicClient.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ["sub"] })),
      ),
    ).toBe("NotAuthorizedException 400");
    const { UserAttributes } = await publicClient.send(new GetUserCommand({ AccessToken: accessToken }));
    expect(subOf(UserAttributes)).toBe(bob.sub);
    expect(claims((await cognito.signIn(bob)).idToken).sub).toBe(bob.sub);
  });

  test("AdminUpdateUserAttributes and AdminDeleteUserAttributes cannot change or remove the sub either", async () => {
    const pool = { UserPoolId: cognito.userPoolId, Username: bob.username };
    expect(
      await failure(
        cognito.client.send(
          new AdminUpdateUserAttributesCommand({ ...pool, UserAttributes: [{ Name: "sub", Value: alice.sub }] }),
        ),
      ),
    ).toBe("InvalidParameterException 400");
    expect(
      await failure(
        cognito.client.send(new AdminDeleteUserAttributesCommand({ ...pool, UserAttributeNames: ["sub"] })),
      ),
    ).toBe("InvalidParameterException 400");
    expect(subOf((await cognito.client.send(new AdminGetUserCommand(pool))).UserAttributes)).toBe(bob.sub);
  });

  test("an app client cannot mark an email as verified (an administrator can)", async () => {
    const signUp = publicClient.send(
      new SignUpCommand({
        ClientId: cognito.clientId,
        Username: "trudy@example.com",
        Password: "Trudy-Pa55word!",
        UserAttributes: [
          { Name: "email", Value: "alice@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    expect(await failure(signUp)).toBe("NotAuthorizedException 400");
    const { accessToken } = await cognito.signIn(bob);
    const update = publicClient.send(
      new UpdateUserAttributesCommand({
        AccessToken: accessToken,
        UserAttributes: [{ Name: "email_verified", Value: "true" }],
      }),
    );
    expect(await failure(update)).toBe("NotAuthorizedException 400");
    const admin = cognito.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: cognito.userPoolId,
        Username: bob.username,
        UserAttributes: [
          { Name: "email", Value: bob.username },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    expect(await failure(admin)).toBe("accepted");
  });
});

describe("admin and pool operations need the stack's admin key", () => {
  test("the public operations are those Cognito's model sends unsigned", () => {
    for (const operation of ["SignUp", "ConfirmSignUp", "InitiateAuth", "RespondToAuthChallenge", "GetUser"]) {
      expect(PUBLIC_OPERATIONS.has(operation)).toBe(true);
    }
    for (const operation of ["AdminCreateUser", "AdminAddUserToGroup", "CreateUserPool", "CreateGroup", "ListUsers"]) {
      expect(PUBLIC_OPERATIONS.has(operation)).toBe(false);
    }
  });

  test("signed with another key, AdminAddUserToGroup is refused and bob is not made an admin", async () => {
    const attempt = publicClient.send(
      new AdminAddUserToGroupCommand({ UserPoolId: cognito.userPoolId, Username: bob.username, GroupName: "admins" }),
    );
    expect(await failure(attempt)).toBe("UnrecognizedClientException 403");
    const { Groups = [] } = await cognito.client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: cognito.userPoolId, Username: bob.sub }),
    );
    expect(Groups.map((group) => group.GroupName)).toEqual([]);
  });

  test.each(["CreateUserPool", "ListUsers", "AdminCreateUser"])(
    "%s unsigned is refused: Missing Authentication Token",
    async (operation) => {
      const answer = await rawRequest(
        { port: port() },
        {
          method: "POST",
          headers: {
            host: `127.0.0.1:${port()}`,
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
          },
          body: JSON.stringify({ PoolName: "p", UserPoolId: cognito.userPoolId, Username: "x@example.com" }),
        },
      );
      expect([answer.status, errorType(answer)]).toEqual([403, "MissingAuthenticationTokenException"]);
      expect(await failure(publicClient.send(new CreateUserPoolCommand({ PoolName: "p" })))).toBe(
        "UnrecognizedClientException 403",
      );
    },
  );

  test("the public operations need no key: a web app signs in and reads its user", async () => {
    const { accessToken } = await cognito.signIn(alice);
    const { UserAttributes } = await publicClient.send(new GetUserCommand({ AccessToken: accessToken }));
    expect(subOf(UserAttributes)).toBe(alice.sub);
  });
});

describe("web pages and rebinding names", () => {
  const adminAddToGroup = (headers: Record<string, string>) =>
    rawRequest(
      { port: port() },
      {
        method: "POST",
        headers: {
          host: `127.0.0.1:${port()}`,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSCognitoIdentityProviderService.AdminAddUserToGroup",
          ...headers,
        },
        body: JSON.stringify({ UserPoolId: cognito.userPoolId, Username: bob.username, GroupName: "admins" }),
      },
    );

  test("a cross-site page calling the admin API is refused (403), its preflight too", async () => {
    const call = await adminAddToGroup({ origin: ATTACKER });
    expect(call.status).toBe(403);
    expect(call.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await rawRequest(
      { port: port() },
      {
        method: "OPTIONS",
        headers: {
          host: `127.0.0.1:${port()}`,
          origin: ATTACKER,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-amz-target",
        },
      },
    );
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("a development origin is answered (CORS), and still needs the admin key for admin operations", async () => {
    const preflight = await rawRequest(
      { port: port() },
      {
        method: "OPTIONS",
        headers: { host: `localhost:${port()}`, origin: DEV_ORIGIN, "access-control-request-method": "POST" },
      },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBeDefined();
    const call = await adminAddToGroup({ origin: DEV_ORIGIN });
    expect([call.status, errorType(call)]).toEqual([403, "MissingAuthenticationTokenException"]);
  });

  test("a rebinding Host gets 421, the JWKS too; addressed to 127.0.0.1 it is served", async () => {
    const jwks = `/${cognito.userPoolId}/.well-known/jwks.json`;
    const rebound = await rawRequest({ port: port() }, { path: jwks, headers: { host: `attacker.example:${port()}` } });
    expect(rebound.status).toBe(421);
    expect((await adminAddToGroup({ host: `attacker.example:${port()}` })).status).toBe(421);
    const served = await rawRequest({ port: port() }, { path: jwks, headers: { host: `127.0.0.1:${port()}` } });
    expect(served.status).toBe(200);
    expect((JSON.parse(served.body) as { keys: unknown[] }).keys).toHaveLength(1);
  });
});
