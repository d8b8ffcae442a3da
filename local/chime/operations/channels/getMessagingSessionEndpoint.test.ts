import {
  BadRequestException,
  GetMessagingSessionEndpointCommand,
  type NetworkType,
} from "@aws-sdk/client-chime-sdk-messaging";
import { startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";
import { signedRequest } from "../../../../test/support/signedHttp";
import { createCertificate, DEFAULT_TLS_HOSTS } from "../../../tls/certificate";

let t: TestEndpoint;
let configured: TestEndpoint;
let tls: TestEndpoint;

// The names these tests send as Host, on any port (as through a forwarding proxy): the Host check lets
// them through to the operation.
const proxied = { hostNames: ["chat.example.test", "[::1]"], hostPorts: "any" } as const;

beforeAll(async () => {
  t = await startTestEndpoint({ trust: proxied });
  configured = await startTestEndpoint({ config: { messagingSessionUrl: "ws.chime.localtest:9443" } });
  tls = await startTestEndpoint({ tls: { certificate: await createCertificate(DEFAULT_TLS_HOSTS) }, trust: proxied });
});
afterAll(async () => {
  await t.close();
  await configured.close();
  await tls.close();
});

test("answers the host:port the client reached, without scheme or path, with status 200", async () => {
  const result = await t.messaging.send(new GetMessagingSessionEndpointCommand({}));
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.Endpoint?.Url).toBe(`127.0.0.1:${t.endpoint.port}`);
  // What amazon-chime-sdk-js builds from it.
  expect(new URL(`wss://${result.Endpoint?.Url}/connect`).pathname).toBe("/connect");
});

test("a configured messagingSessionUrl wins over the Host header", async () => {
  const result = await configured.messaging.send(new GetMessagingSessionEndpointCommand({}));
  expect(result.Endpoint?.Url).toBe("ws.chime.localtest:9443");
});

test("NetworkType is accepted and validated", async () => {
  const result = await t.messaging.send(new GetMessagingSessionEndpointCommand({ NetworkType: "DUAL_STACK" }));
  expect(result.Endpoint?.Url).toBe(`127.0.0.1:${t.endpoint.port}`);
  await expect(
    t.messaging.send(new GetMessagingSessionEndpointCommand({ NetworkType: "IPV9" as NetworkType })),
  ).rejects.toBeInstanceOf(BadRequestException);
});

function getWithHost(host: string, on = t) {
  const request = { port: on.endpoint.port, method: "GET", path: "/endpoints/messaging-session", host };
  return signedRequest({ ...request, credentials: on.credentials.developer });
}

test("a Host header that is not a bare host:port is never echoed", async () => {
  const good = await getWithHost("chat.example.test:8080");
  expect(good.status).toBe(200);
  expect(JSON.parse(good.body)).toEqual({ Endpoint: { Url: "chat.example.test:8080" } });
  // Refused by the endpoint's Host check (421) before the operation's own check (400) would.
  const bad = await getWithHost("evil.test/path?x=1");
  expect(bad.status).toBe(421);
  expect(bad.body).not.toContain("evil");
});

test("with TLS on, the request's host with the TLS port, whichever port the request came to", async () => {
  const tlsPort = tls.endpoint.tlsPort as number;
  expect(tlsPort).not.toBe(tls.endpoint.port);
  const urlFor = async (host: string) =>
    (JSON.parse((await getWithHost(host, tls)).body) as { Endpoint: { Url: string } }).Endpoint.Url;
  expect(await urlFor(`127.0.0.1:${tls.endpoint.port}`)).toBe(`127.0.0.1:${tlsPort}`);
  expect(await urlFor("localhost:4566")).toBe(`localhost:${tlsPort}`);
  expect(await urlFor("[::1]:4566")).toBe(`[::1]:${tlsPort}`);
  expect(await urlFor("chat.example.test")).toBe(`chat.example.test:${tlsPort}`);
  expect(tls.endpoint.messagingSessionUrl).toBe(`127.0.0.1:${tlsPort}`);
  expect((await getWithHost("evil.test/path?x=1", tls)).status).toBe(421);
});
