/**
 * The credential chain of the bundled Lambda: esbuild.config.js puts this module in place of the AWS
 * SDK's default chain (`@aws-sdk/credential-provider-node`), which every SDK client imports.
 *
 * Lambda gives a function its role's credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN` (the default chain's first link finds them there); runtimes that restore
 * snapshots give them through the container credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`
 * and its token) instead. The other links of the default chain (shared config and credentials files,
 * SSO, credential processes, web identity tokens, EC2 instance metadata) never apply to a Lambda
 * function, and bundled they weigh about 0.1 MB (an SSO, STS and sign-in client of their own). The
 * local stack gives the API its key the same way (environment variables). Tests and tools that run
 * the sources keep the SDK's full chain.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { fromHttp } from "@aws-sdk/credential-provider-http";
import { chain, CredentialsProviderError, memoize } from "@smithy/core/config";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from "@smithy/types";

/** What the SDK passes a credential provider factory (the client's configuration); only the logger is read. */
export interface ProviderInit {
  logger?: Logger;
}

/** The SDK refreshes credentials that expire within five minutes, as its default chain does. */
const REFRESH_WINDOW_MS = 5 * 60_000;

function containerCredentials(init: ProviderInit): AwsCredentialIdentityProvider {
  return () => {
    if (!process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI && !process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
      return Promise.reject(
        new CredentialsProviderError(
          "No AWS credentials: neither AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY nor a container credentials " +
            "endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) is set. The bundled API reads only these (src/lambdaCredentials.ts).",
          { logger: init.logger, tryNextLink: false },
        ),
      );
    }
    return fromHttp(init)();
  };
}

/** Same name and signature as the SDK's default chain, which this module stands in for. */
export function defaultProvider(init: ProviderInit = {}): AwsCredentialIdentityProvider {
  return memoize(
    chain(fromEnv(init), containerCredentials(init)),
    (credentials: AwsCredentialIdentity) =>
      credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_WINDOW_MS,
    (credentials: AwsCredentialIdentity) => credentials.expiration !== undefined,
  );
}
