/**
 * Authentication: the token matrix, over HTTP through the real handler. Tokens are signed by a test key
 * whose JWKS is served locally, and verified by the same code as cognito-local's (the local mode).
 * Every refused token is UNAUTHENTICATED with HTTP 401, and no request reaches Chime.
 */
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthenticationError, createTokenVerifier } from "../../src/auth/verifier";
import { anyString } from "../support/apiOperations";
import { startApiStack, type ApiStack } from "../support/apiStack";
import { newSigningKey } from "../support/testJwks";

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
});

afterAll(async () => {
  await stack?.close();
});

const CREATE = `mutation { createChannel(input: { name: "should not exist" }) { id } }`;

function chimeRequests(): number {
  return stack.endpointLog.length + stack.proxy.calls.length;
}

function expectUnauthenticated(response: Awaited<ReturnType<ApiStack["gql"]>>) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]?.extensions).toEqual({
    code: "UNAUTHENTICATED",
    requestId: response.headers.get("x-request-id"),
  });
}

describe("token matrix", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => Record<string, string>][] = [
    ["missing", () => ({})],
    ["an empty bearer", () => ({ authorization: "Bearer " })],
    ["another scheme", () => ({ authorization: `Basic ${Buffer.from("alice:secret").toString("base64")}` })],
    ["malformed", () => ({ authorization: "Bearer not-a-jwt" })],
    ["malformed JSON inside", () => ({ authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln" })],
    ["bad signature", () => ({ authorization: `Bearer ${stack.issuer!.token({ signWith: newSigningKey() })}` })],
    ["alg none", () => ({ authorization: `Bearer ${stack.issuer!.token({ unsigned: true })}` })],
    [
      "alg HS256 (key confusion)",
      () => ({ authorization: `Bearer ${stack.issuer!.token({ header: { alg: "HS256" } })}` }),
    ],
    [
      "expired",
      () => ({
        authorization: `Bearer ${stack.issuer!.token({ claims: { iat: now() - 7200, exp: now() - 3600 } })}`,
      }),
    ],
    [
      "wrong issuer",
      () => ({
        authorization: `Bearer ${stack.issuer!.token({ claims: { iss: "http://127.0.0.1:9229/local_other" } })}`,
      }),
    ],
    ["wrong client", () => ({ authorization: `Bearer ${stack.issuer!.token({ claims: { aud: "another-client" } })}` })],
    ["wrong token use", () => ({ authorization: `Bearer ${stack.issuer!.token({ tokenUse: "access" })}` })],
    ["no token use", () => ({ authorization: `Bearer ${stack.issuer!.token({ claims: { token_use: null } })}` })],
    ["no expiry", () => ({ authorization: `Bearer ${stack.issuer!.token({ claims: { exp: null } })}` })],
    [
      "a sub that is no user id",
      () => ({ authorization: `Bearer ${stack.issuer!.token({ sub: "../user/someone else" })}` }),
    ],
  ];

  test.each(cases)("%s: UNAUTHENTICATED, HTTP 401, no Chime call", async (_, headers) => {
    const before = chimeRequests();
    const response = await stack.gql(undefined, CREATE, undefined, headers());
    expectUnauthenticated(response);
    expect(chimeRequests()).toBe(before);
  });

  test("a valid token of the same issuer is accepted (the control case)", async () => {
    const alice = await stack.user("alice");
    const response = await stack.gql(alice.token, CREATE);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(stack.proxy.calls.map((call) => call.bearer)).toContain(alice.arn);
  });
});

describe("token use by configuration", () => {
  test("AUTH_TOKEN_USE=access takes access tokens and refuses ID tokens", async () => {
    const api = await stack.startApi({ AUTH_TOKEN_USE: "access" });
    const alice = await stack.user("alice");
    const accepted = await api.gql(alice.accessToken, "{ me { userId } }");
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toEqual({ me: { userId: alice.sub } });
    expectUnauthenticated(await api.gql(alice.token, "{ me { userId } }"));
    await api.close();
  });

  test("AUTH_TOKEN_USE=any takes both, and still checks the client", async () => {
    const api = await stack.startApi({ AUTH_TOKEN_USE: "any" });
    const alice = await stack.user("alice");
    expect((await api.gql(alice.token, "{ me { userId } }")).status).toBe(200);
    expect((await api.gql(alice.accessToken, "{ me { userId } }")).status).toBe(200);
    const otherClient = stack.issuer!.token({ tokenUse: "access", claims: { client_id: "another-client" } });
    expectUnauthenticated(await api.gql(otherClient, "{ me { userId } }"));
    await api.close();
  });
});

test("keys that cannot be fetched: UPSTREAM_UNAVAILABLE (503), not a refusal of the token", async () => {
  const api = await stack.startApi({ COGNITO_JWKS_URI: "http://127.0.0.1:1/local_testpool/.well-known/jwks.json" });
  const before = chimeRequests();
  const alice = await stack.user("alice");
  const response = await api.gql(alice.token, "{ me { userId } }");
  expect(response.status).toBe(503);
  expect(response.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
  expect(chimeRequests()).toBe(before);
  await api.close();
});

const silentKeyServers: [string, RequestListener][] = [
  ["accepts and never answers", () => undefined],
  [
    "sends its headers and part of the body, then nothing",
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"keys":[');
    },
  ],
];

test.each(silentKeyServers)(
  "keys whose server %s: unavailable at the keys' own limit, not a refusal of the token",
  async (_name, listener) => {
    const silent = createServer(listener);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const verifier = createTokenVerifier(
        {
          mode: "local",
          issuer: stack.issuer!.issuer,
          jwksUri: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/.well-known/jwks.json`,
          clientIds: [stack.issuer!.clientId],
          tokenUses: ["id"],
          adminGroup: "admins",
        },
        { jwksTimeoutMs: 300 },
      );
      await expect(verifier.verify(stack.issuer!.token())).rejects.toMatchObject({ kind: "unavailable" });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  },
);

test("the admin group comes from cognito:groups", async () => {
  const admin = await stack.user("root", { admin: true });
  const user = await stack.user("plain");
  const other = stack.issuer!.token({ claims: { "cognito:groups": ["moderators"] } });
  expect((await stack.gql(admin.token, "{ me { isAdmin } }")).body.data).toEqual({ me: { isAdmin: true } });
  expect((await stack.gql(user.token, "{ me { isAdmin } }")).body.data).toEqual({ me: { isAdmin: false } });
  expect((await stack.gql(other, "{ me { isAdmin } }")).body.data).toEqual({ me: { isAdmin: false } });
});

describe("first use", () => {
  test("creates the AppInstanceUser once, named from the token, and remembers it", async () => {
    const sub = crypto.randomUUID();
    const token = stack.issuer!.token({ sub, claims: { name: "  Zoë \u0007 Example  ", email: "zoe@example.com" } });
    const provisioning = () => stack.proxy.calls.filter((call) => call.path === "/app-instance-users").length;
    const before = provisioning();
    const [first, second] = await Promise.all([
      stack.gql(token, "{ me { userId name arn } }"),
      stack.gql(token, "{ me { userId name arn } }"),
    ]);
    expect(first.body.data).toEqual({
      me: { userId: sub, name: "Zoë Example", arn: `${stack.appInstanceArn}/user/${sub}` },
    });
    expect(second.body.data).toEqual(first.body.data);
    await stack.gql(token, "{ me { userId } }");
    expect(provisioning() - before).toBe(1);
  });

  test("an existing user (created elsewhere, or by another container) is fine", async () => {
    const sub = crypto.randomUUID();
    const token = stack.issuer!.token({ sub, claims: { preferred_username: "pat" } });
    const other = await stack.startApi({});
    expect((await other.gql(token, "{ me { name } }")).body.data).toEqual({ me: { name: "pat" } });
    expect((await stack.gql(token, "{ me { name } }")).body.data).toEqual({ me: { name: "pat" } });
    await other.close();
  });
});

test("logs are JSON with the request id and sub, and never carry tokens, secrets or message content", async () => {
  const api = await stack.startApi({ POWERTOOLS_LOG_LEVEL: "DEBUG" });
  const alice = await stack.user("alice");
  const badToken = stack.issuer!.token({ signWith: newSigningKey() });
  const content = `secret message ${crypto.randomUUID()}`;
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  });
  let channelId: string;
  try {
    await api.gql(badToken, "{ me { id } }");
    const created = await api.gql(alice.token, `mutation { createChannel(input: { name: "logs" }) { id } }`);
    channelId = (created.body.data as { createChannel: { id: string } }).createChannel.id;
    const sent = await api.gql(
      alice.token,
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId message { content } } }`,
      { input: { channelArn: channelId, content, metadata: content } },
    );
    expect(sent.body.errors).toBeUndefined();
  } finally {
    spy.mockRestore();
    await api.close();
  }
  expect(lines.length).toBeGreaterThan(3);
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const entry of entries) {
    expect(entry).toMatchObject({ service: "chime-chat-api", level: anyString });
    expect(entry.requestId).toEqual(anyString);
  }
  expect(entries.filter((entry) => entry.sub === alice.sub).length).toBeGreaterThan(0);
  expect(entries.some((entry) => entry.reason === "JwtInvalidSignatureError")).toBe(true);
  const all = lines.join("\n");
  for (const secret of [
    badToken,
    badToken.split(".")[2],
    alice.token,
    alice.token.split(".")[2],
    content,
    stack.t.credentials.server.secretAccessKey,
  ]) {
    expect(all).not.toContain(secret);
  }
});

test("on AWS the verifier trusts only the user pool's issuer: a local issuer's token is refused offline", async () => {
  const verifier = createTokenVerifier({
    mode: "aws",
    userPoolId: "us-east-1_AbC123",
    clientIds: [stack.issuer!.clientId],
    tokenUses: ["id"],
    adminGroup: "admins",
  });
  const before = stack.issuer!.jwksRequests();
  await expect(verifier.verify(stack.issuer!.token())).rejects.toMatchObject({ kind: "invalid" });
  await expect(
    verifier.verify(
      stack.issuer!.token({ claims: { iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" } }),
    ),
  ).rejects.toBeInstanceOf(AuthenticationError);
  expect(stack.issuer!.jwksRequests()).toBe(before);
});

describe("a verified token is remembered until it expires", () => {
  const localAuth = () => ({
    mode: "local" as const,
    issuer: stack.issuer!.issuer,
    jwksUri: stack.issuer!.jwksUri,
    clientIds: [stack.issuer!.clientId],
    tokenUses: ["id" as const],
    adminGroup: "admins",
  });

  test("the same token again: the same claims while it is valid, JwtExpiredError once its exp has passed", async () => {
    let now = Date.now();
    const verifier = createTokenVerifier(localAuth(), { clock: { now: () => now } });
    const exp = Math.floor(now / 1000) + 60;
    const token = stack.issuer!.token({ claims: { exp } });
    const claims = await verifier.verify(token);
    expect(claims.exp).toBe(exp);
    now = exp * 1000;
    await expect(verifier.verify(token)).resolves.toEqual(claims);
    // Past exp on the verifier's clock (the token itself is still valid by the machine's clock).
    now = exp * 1000 + 1000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ kind: "invalid", reason: "JwtExpiredError" });
  });

  test("only the exact token is remembered: its claims under another signature are refused", async () => {
    const verifier = createTokenVerifier(localAuth());
    const token = stack.issuer!.token();
    await verifier.verify(token);
    const [header, payload] = token.split(".");
    const forged = stack.issuer!.token({ signWith: newSigningKey() }).split(".")[2];
    await expect(verifier.verify(`${header}.${payload}.${forged}`)).rejects.toMatchObject({
      kind: "invalid",
      reason: "JwtInvalidSignatureError",
    });
    await expect(verifier.verify(`${header}.${payload}.`)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
