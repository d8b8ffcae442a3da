/** Test helpers for vended credentials: STS on the local endpoint through @aws-sdk/client-sts. */
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { clientConfig, type AccessKey, type TestEndpoint } from "./localEndpoint";

export type SessionCredentials = AccessKey & { sessionToken: string; expiration: Date };

export function stsClient(t: TestEndpoint, credentials: AccessKey): STSClient {
  return new STSClient(clientConfig(t.endpoint.url, credentials));
}

/**
 * AssumeRole on the user role as the server does: the session tag carries the user id.
 * `input` can override or add members (Tags, Policy, DurationSeconds...).
 */
export async function assumeUserRole(
  t: TestEndpoint,
  userId: string,
  input: Partial<AssumeRoleCommandInput> = {},
  as: AccessKey = t.credentials.server,
): Promise<SessionCredentials> {
  const sts = stsClient(t, as);
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: t.endpoint.account.userRoleArn,
        RoleSessionName: `user-${userId}`,
        Tags: [{ Key: t.endpoint.account.config.sessionTagKey, Value: userId }],
        ...input,
      }),
    );
    if (
      !Credentials?.AccessKeyId ||
      !Credentials.SecretAccessKey ||
      !Credentials.SessionToken ||
      !Credentials.Expiration
    ) {
      throw new Error("AssumeRole returned incomplete credentials");
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  } finally {
    sts.destroy();
  }
}

export function messagingClientWith(
  t: TestEndpoint,
  credentials: AccessKey & { sessionToken?: string },
): ChimeSDKMessagingClient {
  return new ChimeSDKMessagingClient(clientConfig(t.endpoint.url, credentials));
}
