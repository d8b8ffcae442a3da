/**
 * Sign-in with the user pool through the AWS SDK's Cognito client, against Cognito on AWS or cognito-local:
 * InitiateAuth with USER_SRP_AUTH and RespondToAuthChallenge (PASSWORD_VERIFIER, srp.ts), or with
 * USER_PASSWORD_AUTH where config.json says so (cognito-local has no SRP); then REFRESH_TOKEN_AUTH. The
 * SDK, not Amplify: its runtime is the one the chat's Chime client loads anyway, so after sign-in that
 * client costs a few KB instead of a second AWS runtime (docs/frontend.md, "The web client, a working
 * example").
 *
 * The tokens live in sessionStorage: the tab stays signed in across reloads and forgets it when closed.
 */
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { AppConfig } from "../config";

type SrpModule = typeof import("./srp");

interface Tokens {
  idToken: string;
  refreshToken: string;
  /** ms since the epoch: the ID token's `exp`. */
  expiresAt: number;
  username: string;
}

const STORAGE_KEY = "chime-chat.tokens";
/** A token used closer than this to its end is refreshed first. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class SignInError extends Error {
  constructor(
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

function expiryOf(jwt: string): number {
  const payload = jwt.split(".")[1] ?? "";
  const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
  return (claims.exp ?? 0) * 1000;
}

/** The SDK's errors carry a name (NotAuthorizedException...) and the service's request id. */
function signInError(error: unknown): SignInError {
  const { name, message, $metadata } = error as { name?: string; message?: string; $metadata?: { requestId?: string } };
  // cognito-local answers a wrong password with InvalidPasswordException, Cognito with NotAuthorized.
  const text =
    name === "NotAuthorizedException" || name === "UserNotFoundException" || name === "InvalidPasswordException"
      ? "Incorrect username or password."
      : name === "TypeError" || !name
        ? `Cognito could not be reached (${message ?? "network error"}).`
        : `${message ?? name} (${name})`;
  return new SignInError(text, $metadata?.requestId);
}

export class CognitoAuth {
  private readonly client: CognitoIdentityProviderClient;
  private tokens: Tokens | undefined;
  private refreshing: Promise<Tokens> | undefined;
  /** SRP's code, fetched while the user types (only for USER_SRP_AUTH). */
  private readonly srp: Promise<SrpModule> | undefined;

  constructor(private readonly config: Pick<AppConfig, "region" | "cognito">) {
    this.client = new CognitoIdentityProviderClient({
      region: config.region,
      ...(config.cognito.endpoint ? { endpoint: config.cognito.endpoint } : {}),
      // InitiateAuth needs no AWS credentials; one attempt, so a wrong password answers at once.
      maxAttempts: 1,
    });
    const stored = sessionStorage.getItem(STORAGE_KEY);
    this.tokens = stored ? (JSON.parse(stored) as Tokens) : undefined;
    if (config.cognito.authFlow === "USER_SRP_AUTH") {
      this.srp = import("./srp");
      // A failed load is reported by signIn, which awaits it again.
      this.srp.catch(() => undefined);
    }
  }

  get username(): string | undefined {
    return this.tokens?.username;
  }

  get isSignedIn(): boolean {
    return this.tokens !== undefined;
  }

  async signIn(username: string, password: string): Promise<void> {
    let answer: {
      AuthenticationResult?: AuthenticationResultType;
      ChallengeName?: string;
      $metadata: { requestId?: string };
    };
    try {
      answer = this.srp
        ? await this.srpSignIn(await this.srp, username, password)
        : await this.passwordSignIn(username, password);
    } catch (error) {
      throw signInError(error);
    }
    const auth = answer.AuthenticationResult;
    if (!auth?.IdToken || !auth.RefreshToken) {
      throw new SignInError(
        `This account needs a step this client does not offer (${answer.ChallengeName ?? "unknown challenge"}).`,
        answer.$metadata.requestId,
      );
    }
    this.store({ idToken: auth.IdToken, refreshToken: auth.RefreshToken, expiresAt: expiryOf(auth.IdToken), username });
  }

  /** USER_PASSWORD_AUTH: the password itself to Cognito (cognito-local only: deployed clients refuse it). */
  private passwordSignIn(username: string, password: string) {
    return this.client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: this.config.cognito.userPoolClientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  }

  /** USER_SRP_AUTH, then the PASSWORD_VERIFIER challenge; any other answer goes back to signIn as it is. */
  private async srpSignIn({ startSrp }: SrpModule, username: string, password: string) {
    const { userPoolClientId: clientId, userPoolId } = this.config.cognito;
    // config.ts requires userPoolId for SRP.
    const exchange = startSrp(username, password, userPoolId as string);
    const started = await this.client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: clientId,
        AuthParameters: exchange.authParameters,
      }),
    );
    if (started.ChallengeName !== "PASSWORD_VERIFIER" || !started.ChallengeParameters) return started;
    return this.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeResponses: exchange.passwordVerifier(started.ChallengeParameters),
        Session: started.Session,
      }),
    );
  }

  /** A valid ID token for the API, refreshed first when it is near its end. */
  async idToken(): Promise<string> {
    const tokens = this.tokens;
    if (!tokens) throw new SignInError("Not signed in.");
    if (tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return tokens.idToken;
    return (await this.refresh()).idToken;
  }

  /** New tokens now (also after the API refused one); concurrent callers share one request. */
  refresh(): Promise<Tokens> {
    this.refreshing ??= this.requestNewTokens().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private readonly endListeners = new Set<(reason: string) => void>();

  /** `listener` hears when the session is over (the refresh token was refused); returns its removal. */
  onSessionEnded(listener: (reason: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private async requestNewTokens(): Promise<Tokens> {
    const tokens = this.tokens;
    if (!tokens) throw new SignInError("Not signed in.");
    let result;
    try {
      result = await this.client.send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: this.config.cognito.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
        }),
      );
    } catch (error) {
      const failure = signInError(error);
      if ((error as { name?: string }).name === "NotAuthorizedException") {
        this.signOut();
        for (const listener of this.endListeners) listener("Your session has ended: sign in again.");
      }
      throw failure;
    }
    const idToken = result.AuthenticationResult?.IdToken;
    if (!idToken)
      throw new SignInError("Cognito refreshed the session without an ID token.", result.$metadata.requestId);
    const next = { ...tokens, idToken, expiresAt: expiryOf(idToken) };
    this.store(next);
    return next;
  }

  signOut(): void {
    this.tokens = undefined;
    sessionStorage.removeItem(STORAGE_KEY);
  }

  private store(tokens: Tokens): void {
    this.tokens = tokens;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
  }
}
