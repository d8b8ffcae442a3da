/**
 * The smoke test's checks of the trust boundaries of a running `npm start` (docs/trust-boundaries.md,
 * "Offline"): each attack it names against the real stack, refused, and the stack still answering.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_API_MAX_CONCURRENCY, stackSockets } from "../../local/stack/settings";
import type { StackFile } from "../../local/stack/stackFile";
import { rawRequest, upgradeHeaders, type RawAnswer } from "../support/rawHttp";

export class TrustBoundaryFailure extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new TrustBoundaryFailure(message);
}

const ATTACKER_ORIGIN = "https://attacker.example";

const portOf = (url: string) => Number(new URL(url).port);
const summary = (answer: RawAnswer) => `${answer.status} ${answer.body.slice(0, 200)}`;

function cognitoCall(stack: StackFile, operation: string, body: object, headers: Record<string, string> = {}) {
  const port = portOf(stack.cognitoEndpoint);
  return rawRequest(
    { port },
    {
      method: "POST",
      headers: {
        host: `127.0.0.1:${port}`,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
        ...headers,
      },
      body: JSON.stringify(body),
    },
  );
}

function graphql(stack: StackFile, token: string | undefined, headers: Record<string, string> = {}) {
  const port = portOf(stack.graphqlUrl);
  return rawRequest(
    { port },
    {
      method: "POST",
      path: "/graphql",
      headers: {
        host: `127.0.0.1:${port}`,
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query: "{ me { arn } }" }),
    },
  );
}

/** The banner and the rest of the output show none of stack.json's keys and passwords; stack.json is the owner's. */
export function checkNoSecretsShown(stack: StackFile, stateDir: string, output: string): void {
  const secrets = [
    ...Object.values(stack.credentials).flatMap((key) => [key.accessKeyId, key.secretAccessKey]),
    ...stack.users.map((user) => user.password),
  ];
  const shown = secrets.filter((secret) => output.includes(secret));
  check(shown.length === 0, `npm start's output shows ${shown.length} local key(s) or password(s)`);
  check(output.includes("stack.json (only you can read it)"), "the banner does not name stack.json");
  check((statSync(join(stateDir, "stack.json")).mode & 0o777) === 0o600, "stack.json is not 0600");
}

export async function checkTrustBoundaries(stack: StackFile, stateDir: string, aliceToken: string): Promise<void> {
  const alice = stack.users.find((user) => user.username === "alice@example.com");
  const bob = stack.users.find((user) => user.username === "bob@example.com");
  check(alice && bob, "stack.json has no alice or bob");
  // The web client's origin (on WEB_PORT) is a development origin, under its other loopback name too.
  const DEV_ORIGIN = `http://localhost:${portOf(stack.webUrl)}`;

  // cognito-local: a sub is assigned, never chosen.
  const signUp = await cognitoCall(stack, "SignUp", {
    ClientId: stack.userPoolClientId,
    Username: "mallory@example.com",
    Password: "Mallory-Pa55word!",
    UserAttributes: [
      { Name: "email", Value: "mallory@example.com" },
      { Name: "sub", Value: alice.sub },
    ],
  });
  check(
    signUp.status === 400 && signUp.body.includes("NotAuthorizedException"),
    `SignUp with alice's sub: ${summary(signUp)}`,
  );

  // cognito-local's admin API: not from a cross-site page, not without the admin key.
  const addBob = { UserPoolId: stack.userPoolId, Username: bob.username, GroupName: stack.adminGroup };
  const crossSite = await cognitoCall(stack, "AdminAddUserToGroup", addBob, { origin: ATTACKER_ORIGIN });
  check(crossSite.status === 403, `a cross-site page's AdminAddUserToGroup: ${summary(crossSite)}`);
  const unsigned = await cognitoCall(stack, "AdminAddUserToGroup", addBob);
  check(
    unsigned.status === 403 && unsigned.body.includes("MissingAuthenticationTokenException"),
    `AdminAddUserToGroup without the admin key: ${summary(unsigned)}`,
  );

  // The API: other web origins are refused; the development origins get CORS from sls offline.
  const apiCrossSite = await graphql(stack, aliceToken, { origin: ATTACKER_ORIGIN });
  check(apiCrossSite.status === 403, `a cross-site page calling the API: ${summary(apiCrossSite)}`);
  const apiPort = portOf(stack.graphqlUrl);
  const preflight = await rawRequest(
    { port: apiPort },
    {
      method: "OPTIONS",
      path: "/graphql",
      headers: {
        host: `localhost:${apiPort}`,
        origin: DEV_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    },
  );
  check(
    preflight.status === 204 && preflight.headers["access-control-allow-origin"] === DEV_ORIGIN,
    `the web client's preflight: ${preflight.status} ${JSON.stringify(preflight.headers)}`,
  );
  const fromDevOrigin = await graphql(stack, aliceToken, { origin: DEV_ORIGIN });
  check(fromDevOrigin.status === 200, `the web client's request: ${summary(fromDevOrigin)}`);

  // DNS rebinding: every listener refuses a Host that is not its own.
  const rebinding = (port: number) => ({ host: `attacker.example:${port}` });
  const awsPort = portOf(stack.awsEndpoint);
  const awsTlsPort = portOf(stack.awsTlsEndpoint);
  const ca = readFileSync(stack.tlsCertificatePath, "utf8");
  const rebound: [string, RawAnswer][] = [
    ["the API", await graphql(stack, aliceToken, rebinding(apiPort))],
    ["cognito-local", await cognitoCall(stack, "InitiateAuth", {}, rebinding(portOf(stack.cognitoEndpoint)))],
    ["the AWS endpoint", await rawRequest({ port: awsPort }, { path: "/channels", headers: rebinding(awsPort) })],
    [
      "the AWS endpoint over TLS",
      await rawRequest({ port: awsTlsPort, ca }, { path: "/channels", headers: rebinding(awsTlsPort) }),
    ],
    [
      "the WebSocket upgrade",
      await rawRequest({ port: awsPort }, { path: "/connect", headers: upgradeHeaders(`attacker.example:${awsPort}`) }),
    ],
    [
      "the WebSocket upgrade over TLS",
      await rawRequest(
        { port: awsTlsPort, ca },
        { path: "/connect", headers: upgradeHeaders(`attacker.example:${awsTlsPort}`) },
      ),
    ],
  ];
  const answered = rebound.filter(([, answer]) => answer.status !== 421);
  check(
    answered.length === 0,
    `a rebinding Host was answered by ${answered.map(([name, answer]) => `${name} (${answer.status})`).join(", ")}`,
  );

  // The invoke listener is a socket in the private state folder, and it has no bootstrap function.
  const lambdaSocket = stackSockets(stateDir).lambda;
  check(statSync(lambdaSocket).isSocket(), `no invoke socket at ${lambdaSocket}`);
  const invoke = await rawRequest(
    { socketPath: lambdaSocket },
    {
      method: "POST",
      path: "/2015-03-31/functions/chime-chat-api-local-appInstanceBootstrap/invocations",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ RequestType: "Create", ResponseURL: "http://127.0.0.1:9/", ResourceProperties: {} }),
    },
  );
  check(invoke.status === 404, `invoking the bootstrap function offline: ${summary(invoke)}`);

  // Request ids: one per request, never the caller's nor sls offline's constant.
  const ids = await Promise.all(
    [1, 2].map(async () => (await graphql(stack, aliceToken, { "x-request-id": "chosen" })).headers["x-request-id"]),
  );
  check(
    ids[0] !== ids[1] && ids.every((id) => typeof id === "string" && /^[0-9a-f-]{36}$/.test(id)),
    `request ids: ${JSON.stringify(ids)}`,
  );
}

/** A burst beyond the API's concurrency bound: the excess gets 503 + retry-after, and the API keeps answering. */
export async function checkConcurrencyBound(stack: StackFile, aliceToken: string): Promise<string> {
  const burst = await Promise.all(
    Array.from({ length: DEFAULT_API_MAX_CONCURRENCY * 3 }, () => graphql(stack, aliceToken)),
  );
  const served = burst.filter((answer) => answer.status === 200).length;
  const busy = burst.filter((answer) => answer.status === 503);
  check(
    served >= 1 && busy.length >= 1 && served + busy.length === burst.length,
    `a burst of ${burst.length}: ${burst.map((answer) => answer.status).join(",")}`,
  );
  check(
    busy.every((answer) => answer.headers["retry-after"] === "1" && answer.body.includes("API_MAX_CONCURRENCY")),
    `the 503s of a burst: ${summary(busy[0])}`,
  );
  const after = await graphql(stack, aliceToken);
  check(after.status === 200, `the API after a burst: ${summary(after)}`);
  return `${served} served, ${busy.length} answered 503`;
}
