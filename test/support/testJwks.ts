/**
 * A Cognito-shaped token issuer for tests: an RSA key of our own, its JWKS served over HTTP, and
 * tokens signed with it, including every kind of bad token (other key, `alg: none`, expired, wrong
 * issuer, client or token use). The API verifies them with the same code as cognito-local's.
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  clientId: string;
  /** JWKS requests served so far. */
  jwksRequests(): number;
  /** A signed token; `claims` override the defaults, `null` removes a claim. */
  token(options?: TokenOptions): string;
  close(): Promise<void>;
}

export interface TokenOptions {
  sub?: string;
  tokenUse?: "id" | "access";
  claims?: Record<string, unknown>;
  /** Sign with another key (same `kid`): a bad signature. */
  signWith?: KeyObject;
  header?: Record<string, unknown>;
  /** `alg: none` and no signature. */
  unsigned?: boolean;
}

const KID = "test-key-1";

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function newSigningKey(): KeyObject {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

export async function startTestIssuer(options: { clientId?: string; poolId?: string } = {}): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" };
  let served = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith("/.well-known/jwks.json")) {
      served += 1;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/${options.poolId ?? "local_testpool"}`;
  const clientId = options.clientId ?? "test-client";

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientId,
    jwksRequests: () => served,
    token(tokenOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const tokenUse = tokenOptions.tokenUse ?? "id";
      const sub = tokenOptions.sub ?? randomUUID();
      const base: Record<string, unknown> =
        tokenUse === "id"
          ? { sub, aud: clientId, token_use: "id", email: `${sub}@example.com`, "cognito:username": sub }
          : { sub, client_id: clientId, token_use: "access", username: sub, scope: "aws.cognito.signin.user.admin" };
      const payload: Record<string, unknown> = { ...base, iss: issuer, iat: now, auth_time: now, exp: now + 3600 };
      for (const [key, value] of Object.entries(tokenOptions.claims ?? {})) {
        if (value === null) delete payload[key];
        else payload[key] = value;
      }
      if (tokenOptions.unsigned) {
        return `${base64url({ alg: "none", typ: "JWT", ...tokenOptions.header })}.${base64url(payload)}.`;
      }
      const header = { alg: "RS256", typ: "JWT", kid: KID, ...tokenOptions.header };
      const signingInput = `${base64url(header)}.${base64url(payload)}`;
      const signature = createSign("RSA-SHA256")
        .update(signingInput)
        .sign(tokenOptions.signWith ?? privateKey)
        .toString("base64url");
      return `${signingInput}.${signature}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
