/**
 * The local TLS certificate: made once, reused across starts, remade when it cannot serve, and trusted
 * by a Node client through `ca` over a real TLS handshake for each name it covers.
 */
import { X509Certificate } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, get } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_TLS_HOSTS, loadOrCreateCertificate } from "./certificate";

const DAY_MS = 24 * 60 * 60 * 1000;
let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "chime-tls-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

test("the first start makes cert.pem and key.pem (0600); later starts reuse them", async () => {
  const first = await loadOrCreateCertificate({ directory });
  expect(first).toMatchObject({ created: true, reason: "missing" });
  expect(first.certPath).toBe(join(directory, "cert.pem"));
  expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
  expect(readFileSync(first.certPath, "utf8")).toBe(first.cert);
  const again = await loadOrCreateCertificate({ directory });
  expect(again.created).toBe(false);
  expect(again.cert).toBe(first.cert);
  expect(again.key).toBe(first.key);
});

test("SANs: 127.0.0.1, ::1, localhost and the extra host; serverAuth; valid under 398 days", async () => {
  const { cert, notBefore, notAfter } = await loadOrCreateCertificate({
    directory,
    hosts: ["Chat.Local", "0.0.0.0", "192.168.1.20"],
  });
  const certificate = new X509Certificate(cert);
  expect(certificate.subjectAltName?.split(", ").sort()).toEqual(
    [
      "DNS:localhost",
      "DNS:chat.local",
      "IP Address:127.0.0.1",
      "IP Address:0:0:0:0:0:0:0:1",
      "IP Address:192.168.1.20",
    ].sort(),
  );
  expect(certificate.checkIP("::1")).toBe("::1");
  expect(certificate.checkHost("other.test")).toBeUndefined();
  expect(certificate.ca).toBe(false);
  expect(certificate.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
  expect(notAfter.getTime() - notBefore.getTime()).toBeLessThan(398 * DAY_MS);
});

test("remade when expired, expiring within a day, or not yet valid", async () => {
  const now = new Date();
  const first = await loadOrCreateCertificate({ directory, now });
  const later = (ms: number) => new Date(first.notAfter.getTime() - ms);
  expect((await loadOrCreateCertificate({ directory, now: later(2 * DAY_MS) })).created).toBe(false);
  const expiring = await loadOrCreateCertificate({ directory, now: later(DAY_MS / 2) });
  expect(expiring).toMatchObject({ created: true, reason: "expired or expiring within a day" });
  expect(expiring.cert).not.toBe(first.cert);
  expect(expiring.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());
  const expired = await loadOrCreateCertificate({ directory, now: new Date(expiring.notAfter.getTime() + DAY_MS) });
  expect(expired).toMatchObject({ created: true, reason: "expired or expiring within a day" });
  // A clock set back before the certificate's start.
  const early = await loadOrCreateCertificate({ directory, now: new Date(expired.notBefore.getTime() - DAY_MS) });
  expect(early).toMatchObject({ created: true, reason: "not yet valid" });
});

test("remade when a host is not covered, a file is unreadable or missing, or the key is another's", async () => {
  const first = await loadOrCreateCertificate({ directory });
  const wider = await loadOrCreateCertificate({ directory, hosts: ["chat.local"] });
  expect(wider).toMatchObject({ created: true, reason: "not covering chat.local" });
  // Covering more than asked is fine: no new certificate for asking less.
  expect((await loadOrCreateCertificate({ directory })).created).toBe(false);

  writeFileSync(wider.certPath, "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
  expect(await loadOrCreateCertificate({ directory })).toMatchObject({ created: true, reason: "unreadable" });

  rmSync(join(directory, "key.pem"));
  expect(await loadOrCreateCertificate({ directory })).toMatchObject({ created: true, reason: "missing" });

  const current = await loadOrCreateCertificate({ directory });
  writeFileSync(current.keyPath, first.key);
  expect(await loadOrCreateCertificate({ directory })).toMatchObject({
    created: true,
    reason: "the key does not match the certificate",
  });
});

test("a key file readable by others is made 0600 again, and kept", async () => {
  const first = await loadOrCreateCertificate({ directory });
  chmodSync(first.keyPath, 0o644);
  const again = await loadOrCreateCertificate({ directory });
  expect(again.created).toBe(false);
  expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
});

test("a Node client that trusts the certificate (ca) completes TLS for each default name", async () => {
  const { cert, key } = await loadOrCreateCertificate({ directory });
  const fetchFrom = (host: string, port: number, ca?: string) =>
    new Promise<string>((resolve) => {
      get({ host, port, path: "/", ca, agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(String(res.statusCode)));
      }).on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  const tried: string[] = [];
  for (const host of DEFAULT_TLS_HOSTS) {
    const server = createServer({ cert, key }, (_req, res) => res.end("ok"));
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(0, host, () => resolve(true));
    });
    // A machine without IPv6 cannot listen on ::1; the other names still prove the point.
    if (!listening) continue;
    tried.push(host);
    const { port } = server.address() as AddressInfo;
    try {
      expect([host, await fetchFrom(host, port, cert)]).toEqual([host, "200"]);
      // Without it, the certificate is refused.
      expect(await fetchFrom(host, port)).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
  // At least the IPv4 loopback and localhost are tried everywhere: the test cannot pass having tried none.
  expect(tried).toEqual(expect.arrayContaining(["127.0.0.1", "localhost"]));
});
