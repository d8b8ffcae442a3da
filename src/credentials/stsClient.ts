/**
 * The STS client, created once per container like the Chime clients (src/chime/clients.ts):
 * credentials, region and endpoint follow the SDK's standard configuration (the Lambda role and region
 * on AWS; `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_ENDPOINT_URL` or `AWS_ENDPOINT_URL_STS`
 * locally, which the local endpoint serves at `POST /`) unless given here explicitly.
 */
import { STSClient, type AssumeRoleCommand, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { onFirstUse, sdkClientConfig, type ChimeClientOptions, type Instrument } from "../chime/clients";
import type { AssumeRoleSender } from "./vendor";

export type StsClientOptions = ChimeClientOptions;

export function createStsClient(options: StsClientOptions): STSClient {
  return new STSClient(sdkClientConfig(options));
}

/** The STS client created on the first AssumeRole: only the `credentials` mutation uses it. */
export function stsOnFirstUse(
  options: StsClientOptions,
  instrument: Instrument = (client) => client,
): AssumeRoleSender {
  return onFirstUse<AssumeRoleCommand, AssumeRoleCommandOutput>(() => instrument(createStsClient(options)));
}
