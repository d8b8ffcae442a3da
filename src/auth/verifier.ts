/**
 * Token verification with aws-jwt-verify: signature against the cached JWKS, issuer, expiry, token use
 * and client id.
 *
 * - On AWS: `CognitoJwtVerifier` for the user pool (issuer and HTTPS JWKS derived from the pool id).
 * - Locally: cognito-local's pool ids (`local_...`) and `http:` JWKS are refused by
 *   `CognitoJwtVerifier`, so the generic `JwtVerifier` runs with the configured issuer and JWKS URI and
 *   the same Cognito claim checks (`validateCognitoJwtFields`).
 *
 * A client sends the same token with every request until it refreshes it (an hour by default), and
 * checking its signature again costs more than the rest of authenticating it: a token that passed every
 * check is remembered, as the exact string, with its claims, and a later request with the same string
 * only has its expiry checked again (as aws-jwt-verify checks it). Nothing else about a token can
 * change (the claims are signed; the checks depend on them and the configuration only), and a token
 * that failed a check is not remembered.
 */
import { CognitoJwtVerifier, JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import { FetchError } from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import type { AuthConfig, TokenUse } from "../config";

/** Why a token was refused. `reason` names the check for the operator's log; it never carries the token. */
export class AuthenticationError extends Error {
  constructor(
    /** `invalid`: the token is not acceptable (401). `unavailable`: the JWKS could not be fetched (503). */
    readonly kind: "invalid" | "unavailable",
    readonly reason: string,
  ) {
    super(kind === "invalid" ? "The token is missing or invalid." : "The token could not be verified now.");
    this.name = "AuthenticationError";
  }
}

export interface TokenVerifier {
  /** The token's verified claims; throws an AuthenticationError. */
  verify(token: string): Promise<JwtPayload>;
  /** Fetches the JWKS ahead of the first request. */
  hydrate(): Promise<void>;
}

/** aws-jwt-verify's default fetcher speaks HTTPS only; cognito-local serves its JWKS over HTTP. */
class HttpFetcher implements Fetcher {
  constructor(private readonly timeoutMs: number) {}

  async fetch(uri: string): Promise<ArrayBuffer> {
    // A timer of our own that holds its controller until cleared: AbortSignal.timeout's timer holds its
    // signal weakly, and fetches have lost their signal's abort to a garbage collection (nodejs/undici#4068).
    // It covers reading the body too.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await fetch(uri, { signal: controller.signal });
      if (response.status !== 200) throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
      return await response.arrayBuffer();
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(uri, error instanceof Error ? error.message : "fetch failed");
    } finally {
      clearTimeout(timer);
    }
  }
}

class ClaimError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = reason;
  }
}

function claimChecks(tokenUses: TokenUse[], clientIds: string[]) {
  const tokenUse = tokenUses.length === 1 ? tokenUses[0] : null;
  return ({ payload }: { payload: JwtPayload }): void => {
    // Both checks, whatever the verifier class: token_use ("id" | "access") and the client id, which
    // is `aud` in ID tokens and `client_id` in access tokens.
    validateCognitoJwtFields(payload, { tokenUse, clientId: clientIds });
    if (!tokenUses.includes(payload.token_use as TokenUse)) {
      throw new ClaimError("CognitoJwtInvalidTokenUseError");
    }
    if (typeof payload.exp !== "number") throw new ClaimError("MissingExpClaim");
    if (typeof payload.sub !== "string" || payload.sub === "") throw new ClaimError("MissingSubClaim");
  };
}

/** The error's class name (aws-jwt-verify's errors keep `name` as "Error"). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return "unknown";
  return error.name !== "Error" ? error.name : error.constructor.name;
}

function classify(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof FetchError) return new AuthenticationError("unavailable", reasonOf(error));
  return new AuthenticationError("invalid", reasonOf(error));
}

export interface TokenVerifierOptions {
  jwksTimeoutMs?: number;
  /** The clock the expiry of remembered tokens is checked against (tests move it). */
  clock?: { now(): number };
  /** Verified tokens remembered (least recently used forgotten first); forgetting one costs one verification. */
  maxRememberedTokens?: number;
}

/** Verified tokens and their claims, until each expires. */
class VerifiedTokens {
  private readonly tokens = new Map<string, JwtPayload>();

  constructor(
    private readonly clock: { now(): number },
    private readonly maxEntries: number,
  ) {}

  /** The claims of a token verified before; throws JwtExpiredError once it has expired since. */
  get(token: string): JwtPayload | undefined {
    const claims = this.tokens.get(token);
    if (claims === undefined) return undefined;
    this.tokens.delete(token);
    // aws-jwt-verify's own test (no grace): expired once `exp` is before now.
    if ((claims.exp as number) < this.clock.now() / 1000) throw new AuthenticationError("invalid", "JwtExpiredError");
    this.tokens.set(token, claims);
    return claims;
  }

  remember(token: string, claims: JwtPayload): void {
    this.tokens.set(token, claims);
    if (this.tokens.size > this.maxEntries) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
  }
}

export function createTokenVerifier(auth: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  const customJwtCheck = claimChecks(auth.tokenUses, auth.clientIds);
  let verifier: { verify(token: string): Promise<JwtPayload>; hydrate(): Promise<void> };
  if (auth.mode === "aws") {
    verifier = CognitoJwtVerifier.create({
      userPoolId: auth.userPoolId,
      clientId: auth.clientIds,
      tokenUse: auth.tokenUses.length === 1 ? auth.tokenUses[0] : null,
      customJwtCheck,
    });
  } else {
    verifier = JwtVerifier.create(
      { issuer: auth.issuer, jwksUri: auth.jwksUri, audience: null, customJwtCheck },
      { jwksCache: new SimpleJwksCache({ fetcher: new HttpFetcher(options.jwksTimeoutMs ?? 3000) }) },
    );
  }
  const verified = new VerifiedTokens(options.clock ?? { now: () => Date.now() }, options.maxRememberedTokens ?? 1000);
  return {
    async verify(token) {
      const remembered = verified.get(token);
      if (remembered) return remembered;
      try {
        const claims = await verifier.verify(token);
        verified.remember(token, claims);
        return claims;
      } catch (error) {
        throw classify(error);
      }
    },
    async hydrate() {
      try {
        await verifier.hydrate();
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? "");
  return match ? match[1] : undefined;
}
