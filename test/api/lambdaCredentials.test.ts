/**
 * The bundled Lambda's credential chain (src/lambdaCredentials.ts, put in place of the SDK's default
 * chain by esbuild.config.js): Lambda's environment variables, else the container credentials endpoint
 * (here a real HTTP server on loopback, answering as that endpoint does), else an error naming both.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultProvider } from "../../src/lambdaCredentials";

const VARIABLES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

beforeEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The container credentials endpoint: the JSON it answers, and the requests it saw. */
async function startCredentialsEndpoint(expiresInMs: number) {
  const seen: IncomingMessage[] = [];
  let issued = 0;
  const server: Server = createServer((request, response) => {
    seen.push(request);
    issued += 1;
    response.setHeader("content-type", "application/json");
    response.end(
      JSON.stringify({
        AccessKeyId: `ASIACONTAINER${issued}`,
        SecretAccessKey: "container-secret",
        Token: "container-token",
        Expiration: new Date(Date.now() + expiresInMs).toISOString(),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("Lambda's environment variables, as the role's session", async () => {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "ASIAENVIRONMENT",
    AWS_SECRET_ACCESS_KEY: "environment-secret",
    AWS_SESSION_TOKEN: "environment-token",
  });
  const provider = defaultProvider();
  await expect(provider()).resolves.toMatchObject({
    accessKeyId: "ASIAENVIRONMENT",
    secretAccessKey: "environment-secret",
    sessionToken: "environment-token",
  });
});

test("without them, the container credentials endpoint with its token; asked again within five minutes of expiry", async () => {
  // Four minutes left: inside the window in which the SDK's chain refreshes, so every call asks again.
  const endpoint = await startCredentialsEndpoint(4 * 60_000);
  try {
    Object.assign(process.env, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-authorization",
    });
    const provider = defaultProvider();
    const first = await provider();
    expect(first).toMatchObject({ secretAccessKey: "container-secret", sessionToken: "container-token" });
    expect(first.accessKeyId).toBe(`ASIACONTAINER${endpoint.seen.length}`);
    const asked = endpoint.seen.length;
    const second = await provider();
    expect(endpoint.seen.length).toBeGreaterThan(asked);
    expect(second.accessKeyId).toBe(`ASIACONTAINER${endpoint.seen.length}`);
    expect(new Set(endpoint.seen.map((request) => `${request.url} ${request.headers.authorization}`))).toEqual(
      new Set(["/credentials container-authorization"]),
    );
  } finally {
    await endpoint.close();
  }
});

test("credentials that do not expire soon are asked for once", async () => {
  const endpoint = await startCredentialsEndpoint(60 * 60_000);
  try {
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = endpoint.url;
    const provider = defaultProvider();
    await provider();
    await expect(provider()).resolves.toMatchObject({ accessKeyId: "ASIACONTAINER1" });
    expect(endpoint.seen).toHaveLength(1);
  } finally {
    await endpoint.close();
  }
});

test("neither: an error that names what the bundled API reads", async () => {
  await expect(defaultProvider()()).rejects.toThrow(
    /neither AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY nor a container credentials endpoint/,
  );
});
