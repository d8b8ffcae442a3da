/**
 * Where the client finds the API, Cognito and Chime: ./config.json next to index.html, read at start, so
 * one build serves every stage. `npm start` serves one made from the local stack; for AWS, ops write it
 * from the stack's outputs (docs/deploy.md).
 */
export interface AppConfig {
  /** The region of the user pool and of Chime. */
  region: string;
  /** The GraphQL endpoint (the stack's GraphqlUrl output). */
  graphqlUrl: string;
  cognito: {
    /** The app client (UserPoolClientId output): a public client without a secret. */
    userPoolClientId: string;
    /**
     * How to sign in: USER_SRP_AUTH (the default: a deployed stack's app client allows SRP and refresh
     * only) or USER_PASSWORD_AUTH (cognito-local under `npm start`, which has no SRP).
     */
    authFlow: AuthFlow;
    /** The pool (UserPoolId output): SRP hashes the password with its name. Required for USER_SRP_AUTH. */
    userPoolId?: string;
    /** cognito-local's URL under `npm start`; on AWS leave it out (Cognito's regional endpoint). */
    endpoint?: string;
  };
  chime?: {
    /** The local AWS endpoint under `npm start`; on AWS leave it out. */
    endpoint?: string;
    /**
     * Local stack only: the endpoint's plain HTTP host:port, to open the messaging socket with ws:// and
     * need no certificate. AWS only speaks wss://: never set it for a deployed stage.
     */
    plainWebSocketHost?: string;
  };
  /** A line for the sign-in page (e.g. where the local demo users' passwords are). */
  signInHint?: string;
}

export const AUTH_FLOWS = ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] as const;
export type AuthFlow = (typeof AUTH_FLOWS)[number];

export class ConfigError extends Error {}

function text(value: unknown, name: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(`config.json: "${name}" must be a text.`);
  return value;
}

export async function loadConfig(): Promise<AppConfig> {
  let raw: Partial<AppConfig>;
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (!response.ok) throw new ConfigError(`config.json: HTTP ${response.status}.`);
    raw = (await response.json()) as Partial<AppConfig>;
  } catch (error) {
    throw error instanceof ConfigError ? error : new ConfigError(`config.json could not be read: ${String(error)}`);
  }
  const authFlow = raw.cognito?.authFlow ?? "USER_SRP_AUTH";
  if (!AUTH_FLOWS.includes(authFlow)) {
    throw new ConfigError(`config.json: "cognito.authFlow" must be one of ${AUTH_FLOWS.join(", ")}.`);
  }
  return {
    region: text(raw.region, "region") as string,
    graphqlUrl: text(raw.graphqlUrl, "graphqlUrl") as string,
    cognito: {
      userPoolClientId: text(raw.cognito?.userPoolClientId, "cognito.userPoolClientId") as string,
      authFlow,
      userPoolId: text(raw.cognito?.userPoolId, "cognito.userPoolId", authFlow !== "USER_SRP_AUTH"),
      endpoint: text(raw.cognito?.endpoint, "cognito.endpoint", true),
    },
    chime: {
      endpoint: text(raw.chime?.endpoint, "chime.endpoint", true),
      plainWebSocketHost: text(raw.chime?.plainWebSocketHost, "chime.plainWebSocketHost", true),
    },
    signInHint: text(raw.signInHint, "signInHint", true),
  };
}
