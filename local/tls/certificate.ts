/**
 * The local endpoint's TLS certificate: self-signed, made on first start and kept under a directory
 * (`.local/tls/` for `npm run endpoint`) as `cert.pem` and `key.pem` (mode 0600), so that a client
 * trusts it once. It is reused on later starts unless it is missing, unreadable, not yet valid,
 * expired or expiring within a day, not matching its key, or not covering every host asked for; then
 * a new one replaces it.
 *
 * One self-signed leaf (no CA): Node trusts it with `ca` or NODE_EXTRA_CA_CERTS, and OS trust stores
 * accept it as a trusted server certificate. It follows what browsers and Apple platforms require of
 * server certificates: subjectAltName for every name (the CN is ignored), extKeyUsage serverAuth,
 * SHA-256, and a validity under 398 days.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

/** The names a local certificate always covers. */
export const DEFAULT_TLS_HOSTS: readonly string[] = ["127.0.0.1", "::1", "localhost"];

const CERT_FILE = "cert.pem";
const KEY_FILE = "key.pem";
const DAY_MS = 24 * 60 * 60 * 1000;
const VALIDITY_DAYS = 365;
/** A certificate this close to its end is replaced rather than reused. */
const RENEW_BEFORE_MS = DAY_MS;
/** Backdated a little, so that a device whose clock is slightly behind accepts it at once. */
const BACKDATE_MS = 60 * 60 * 1000;

export interface TlsCertificate {
  /** PEM of the certificate (what clients trust). */
  cert: string;
  /** PEM of the private key (PKCS#8). */
  key: string;
  notBefore: Date;
  notAfter: Date;
  /** The host names and IP addresses it covers (subjectAltName). */
  hosts: readonly string[];
}

export interface StoredCertificate extends TlsCertificate {
  certPath: string;
  keyPath: string;
  /** True if this start made it (a client that trusted the former one must trust this one). */
  created: boolean;
  /** Why it was made, when it was: "missing", "expired", ... */
  reason?: string;
}

export interface CertificateOptions {
  /** Where cert.pem and key.pem are kept. */
  directory: string;
  /** Extra names or addresses to cover, besides DEFAULT_TLS_HOSTS. Wildcard addresses are skipped. */
  hosts?: readonly string[];
  /** For tests. */
  now?: Date;
  /** For tests: how long a new certificate is valid. */
  validityDays?: number;
}

/** 0.0.0.0 and :: are listen-on-all addresses, never a name a client connects to. */
export function isWildcardAddress(host: string): boolean {
  return host === "" || host === "0.0.0.0" || host === "::" || host === "[::]";
}

function coveredHosts(extra: readonly string[]): string[] {
  const hosts = [...DEFAULT_TLS_HOSTS];
  for (const raw of extra) {
    const host = raw.trim().replace(/^\[(.*)\]$/, "$1");
    if (host && !isWildcardAddress(host) && !hosts.includes(host.toLowerCase())) hosts.push(host.toLowerCase());
  }
  return hosts;
}

function covers(certificate: X509Certificate, host: string): boolean {
  return isIP(host) ? certificate.checkIP(host) !== undefined : certificate.checkHost(host) !== undefined;
}

/** Why a stored pair cannot be reused, or undefined if it can. */
function unusable(certPem: string, keyPem: string, hosts: readonly string[], now: Date): string | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
    if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) return "the key does not match the certificate";
  } catch {
    return "unreadable";
  }
  if (Date.parse(certificate.validFrom) > now.getTime()) return "not yet valid";
  if (Date.parse(certificate.validTo) - RENEW_BEFORE_MS <= now.getTime()) return "expired or expiring within a day";
  const missing = hosts.filter((host) => !covers(certificate, host));
  if (missing.length > 0) return `not covering ${missing.join(", ")}`;
  return undefined;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Writes through a new file and a rename: the key file is created 0600, and never seen half-written. */
function writeAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode, flag: "w" });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

export async function createCertificate(
  hosts: readonly string[],
  now = new Date(),
  validityDays = VALIDITY_DAYS,
): Promise<TlsCertificate> {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + validityDays * DAY_MS);
  const pems = await generate([{ name: "commonName", value: "chime-chat-api local endpoint" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: hosts.map((host) => (isIP(host) ? { type: 7, ip: host } : { type: 2, value: host })),
      },
    ],
  });
  const certificate = new X509Certificate(pems.cert);
  return {
    cert: pems.cert,
    key: pems.private,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    hosts,
  };
}

/** The certificate under `directory`, made (or remade) if it cannot be reused. */
export async function loadOrCreateCertificate(options: CertificateOptions): Promise<StoredCertificate> {
  const now = options.now ?? new Date();
  const hosts = coveredHosts(options.hosts ?? []);
  const certPath = join(options.directory, CERT_FILE);
  const keyPath = join(options.directory, KEY_FILE);
  const [certPem, keyPem] = [read(certPath), read(keyPath)];
  const reason = certPem === undefined || keyPem === undefined ? "missing" : unusable(certPem, keyPem, hosts, now);
  if (reason === undefined && certPem !== undefined && keyPem !== undefined) {
    // A key readable by others is made private again; it stays the same key, so trust is kept.
    if ((statSync(keyPath).mode & 0o077) !== 0) chmodSync(keyPath, 0o600);
    const certificate = new X509Certificate(certPem);
    return {
      cert: certPem,
      key: keyPem,
      notBefore: new Date(certificate.validFrom),
      notAfter: new Date(certificate.validTo),
      hosts,
      certPath,
      keyPath,
      created: false,
    };
  }
  const created = await createCertificate(hosts, now, options.validityDays);
  mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  // The key first: a crash in between leaves a certificate that does not match it, which is remade.
  writeAtomically(keyPath, created.key, 0o600);
  writeAtomically(certPath, created.cert, 0o644);
  return { ...created, certPath, keyPath, created: true, reason };
}
