/**
 * DNS rebinding against the local AWS endpoint: a page of attacker.example whose name resolves to
 * 127.0.0.1 reaches the endpoint's ports, but its requests say `Host: attacker.example:<port>`. Every
 * listener (HTTP, HTTPS, and the WebSocket upgrade on both) refuses them before anything else runs,
 * and still answers the names this machine is reached by, including the configured TLS hosts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rawRequest, upgradeHeaders, type RawTarget } from "../support/rawHttp";
import { startTestEndpoint, type TestEndpoint } from "../support/localEndpoint";

let t: TestEndpoint;
let directory: string;
let ca: string;
const REBINDING_NAME = "attacker.example";

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "chime-host-check-"));
  t = await startTestEndpoint({ tls: { directory, hosts: ["10.0.2.2"] } });
  ca = readFileSync(t.endpoint.tlsCertificatePath as string, "utf8");
});
afterAll(async () => {
  await t.close();
  rmSync(directory, { recursive: true, force: true });
});

function listeners(): [string, RawTarget, number][] {
  return [
    ["HTTP", { port: t.endpoint.port }, t.endpoint.port],
    ["HTTPS", { port: t.endpoint.tlsPort, ca }, t.endpoint.tlsPort as number],
  ];
}

test.each(["HTTP", "HTTPS"])(
  "a rebinding Host gets 421 on the %s listener, and no Chime operation runs",
  async (name) => {
    const [, target, port] = listeners().find(([label]) => label === name) as [string, RawTarget, number];
    const refused = await rawRequest(target, {
      method: "POST",
      path: "/",
      headers: { host: `${REBINDING_NAME}:${port}`, "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(refused.status).toBe(421);
    expect(refused.body).toMatch(/Host/);
    // Nothing of the endpoint answered: no request id, no AWS error type.
    expect(refused.headers["x-amzn-requestid"]).toBeUndefined();

    // The same request addressed to the endpoint reaches it (and fails its SigV4 check, unsigned).
    const addressed = await rawRequest(target, {
      method: "POST",
      path: "/",
      headers: { host: `127.0.0.1:${port}`, "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(addressed.status).toBe(403);
    expect(addressed.body).toContain("MissingAuthenticationToken");
  },
);

test.each(["HTTP", "HTTPS"])("a rebinding Host gets 421 on the WebSocket upgrade of the %s listener", async (name) => {
  const [, target, port] = listeners().find(([label]) => label === name) as [string, RawTarget, number];
  const refused = await rawRequest(target, { path: "/connect", headers: upgradeHeaders(`${REBINDING_NAME}:${port}`) });
  expect(refused.status).toBe(421);

  // Addressed to the endpoint, the handshake completes (the session itself then closes: not signed).
  const addressed = await rawRequest(target, { path: "/connect", headers: upgradeHeaders(`localhost:${port}`) });
  expect(addressed.status).toBe(101);
});

test("the names the endpoint is reached by are answered: loopback names and the TLS hosts, with the listener's port", async () => {
  for (const [, target, port] of listeners()) {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `10.0.2.2:${port}`]) {
      const answer = await rawRequest(target, { path: "/channels", headers: { host } });
      expect([host, answer.status]).toEqual([host, 403]); // reached the endpoint: unsigned
    }
    // Another port in the Host: the request was not addressed to this listener.
    const other = await rawRequest(target, { path: "/channels", headers: { host: `127.0.0.1:${port + 1}` } });
    expect(other.status).toBe(421);
  }
});
