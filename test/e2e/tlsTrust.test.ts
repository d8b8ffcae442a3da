/**
 * Trusting the local endpoint's certificate the way a developer does: the certificate file made on
 * first start, the same certificate served after a restart, and a separate Node process that trusts it
 * through NODE_EXTRA_CA_CERTS (and refuses it without).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { promisify } from "node:util";
import { startLocalEndpoint, type LocalEndpoint } from "../../local/endpoint/localEndpoint";

let directory: string;
const endpoints: LocalEndpoint[] = [];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "chime-tls-e2e-"));
});
afterEach(async () => {
  for (const endpoint of endpoints.splice(0)) await endpoint.close();
  rmSync(directory, { recursive: true, force: true });
});

async function start(): Promise<LocalEndpoint> {
  // As a launcher starts it: the certificate kept in a directory, made on the first start.
  const endpoint = await startLocalEndpoint({ tls: { directory: join(directory, "tls") } });
  endpoints.push(endpoint);
  return endpoint;
}

/** The SHA-256 fingerprint of the certificate the TLS port serves. */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on("error", reject);
  });
}

/** A GET to `url` from another Node process, with `env`; prints the status or the TLS error code. */
async function getFromChildProcess(url: string, env: Record<string, string>): Promise<string> {
  const script = `require("node:https").get(process.argv[1], (res) => { console.log(res.statusCode); res.resume(); })
    .on("error", (error) => console.log(error.code));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script, url], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  return stdout.trim();
}

test("a restart serves the same certificate from the same file", async () => {
  const first = await start();
  expect(first.tlsCertificatePath).toBe(join(directory, "tls", "cert.pem"));
  expect(first.tlsCertificateCreated).toBe(true);
  const fingerprint = await servedFingerprint(first.tlsPort as number, first.tlsCertificate as string);
  await first.close();
  endpoints.splice(0);
  const second = await start();
  expect(second.tlsCertificateCreated).toBe(false);
  expect(second.tlsCertificate).toBe(first.tlsCertificate);
  expect(await servedFingerprint(second.tlsPort as number, second.tlsCertificate as string)).toBe(fingerprint);
});

test("another Node process trusts it with NODE_EXTRA_CA_CERTS, and refuses it without", async () => {
  const endpoint = await start();
  const url = `${endpoint.tlsUrl}/endpoints/messaging-session`;
  // Unsigned, so the endpoint's answer is 403: what matters is that TLS let the request through.
  expect(await getFromChildProcess(url, { NODE_EXTRA_CA_CERTS: endpoint.tlsCertificatePath as string })).toBe("403");
  expect(await getFromChildProcess(url, {})).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
});
