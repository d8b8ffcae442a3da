/**
 * The CLI commands of the developer guide's "call from a backend" page, run as written against the
 * local endpoint with the AWS CLI v2 from Debian's packages (`apt-get install awscli`; .ci/run installs it).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { startTestEndpoint, testRegion, type TestEndpoint } from "../support/localEndpoint";

const run = promisify(execFile);
// Debian's CLI v2; a pip-installed v1 earlier on PATH would not be the tool the guide documents.
const awsCli = process.env.AWS_CLI ?? "/usr/bin/aws";
const available = existsSync(awsCli);
if (!available && process.env.CI) throw new Error(`The AWS CLI is required in CI but ${awsCli} does not exist.`);
if (!available) console.warn(`Skipping the AWS CLI tests: ${awsCli} not found (apt-get install awscli).`);
const describeWithCli = available ? describe : describe.skip;

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  return awsAs(t.credentials.developer, ...args);
}

async function awsAs(
  credentials: { accessKeyId: string; secretAccessKey: string },
  ...args: string[]
): Promise<Record<string, unknown>> {
  const { stdout } = await run(awsCli, [...args, "--endpoint-url", t.endpoint.url, "--output", "json"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: testRegion,
      AWS_PAGER: "",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    },
  });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

describeWithCli("the developer guide's backend commands, through the AWS CLI", () => {
  test("create-channel prints an ARN in the documented format and list-channel-messages returns the sent message", async () => {
    const { AppInstanceArn: appInstanceArn } = (await aws(
      "chime-sdk-identity",
      "create-app-instance",
      "--name",
      "cli-app",
    )) as {
      AppInstanceArn: string;
    };
    expect(appInstanceArn).toMatch(/^arn:aws:chime:us-east-1:\d{12}:app-instance\/[-a-z0-9]+$/);
    const { AppInstanceUserArn: backendWorker } = (await aws(
      "chime-sdk-identity",
      "create-app-instance-user",
      "--app-instance-arn",
      appInstanceArn,
      "--app-instance-user-id",
      "backend_worker",
      "--name",
      "backend_worker",
    )) as { AppInstanceUserArn: string };
    expect(backendWorker).toBe(`${appInstanceArn}/user/backend_worker`);

    const admin = await aws(
      "chime-sdk-identity",
      "create-app-instance-admin",
      "--app-instance-admin-arn",
      backendWorker,
      "--app-instance-arn",
      appInstanceArn,
    );
    expect(admin).toMatchObject({ AppInstanceAdmin: { Arn: backendWorker }, AppInstanceArn: appInstanceArn });

    const { ChannelArn: channelArn } = (await aws(
      "chime-sdk-messaging",
      "create-channel",
      "--chime-bearer",
      backendWorker,
      "--app-instance-arn",
      appInstanceArn,
      "--name",
      "firstChannel",
    )) as { ChannelArn: string };
    // arn:aws:chime:region:aws_account_id:app-instance/app_instance_id/channel/channel_id
    expect(channelArn).toMatch(new RegExp(`^${appInstanceArn}/channel/[-a-zA-Z0-9]+$`));

    const sent = (await aws(
      "chime-sdk-messaging",
      "send-channel-message",
      "--chime-bearer",
      backendWorker,
      "--channel-arn",
      channelArn,
      "--content",
      "hello world",
      "--type",
      "STANDARD",
      "--persistence",
      "PERSISTENT",
    )) as { MessageId: string };

    const listed = (await aws(
      "chime-sdk-messaging",
      "list-channel-messages",
      "--chime-bearer",
      backendWorker,
      "--channel-arn",
      channelArn,
    )) as { ChannelMessages: { MessageId: string; Content: string; CreatedTimestamp: string }[] };
    expect(listed.ChannelMessages).toHaveLength(1);
    expect(listed.ChannelMessages[0]).toMatchObject({ MessageId: sent.MessageId, Content: "hello world" });
    // The CLI parsed the epoch-seconds body timestamp into a date.
    expect(Number.isNaN(Date.parse(listed.ChannelMessages[0].CreatedTimestamp))).toBe(false);
  });

  test("errors reach the CLI as the modeled exception", async () => {
    const failure = aws(
      "chime-sdk-messaging",
      "list-channel-messages",
      "--chime-bearer",
      "arn:aws:chime:us-east-1:111122223333:app-instance/none/user/nobody",
      "--channel-arn",
      "arn:aws:chime:us-east-1:111122223333:app-instance/none/channel/none",
    );
    await expect(failure).rejects.toMatchObject({
      stderr: expect.stringContaining(
        "(UnauthorizedClientException) when calling the ListChannelMessages operation",
      ) as string,
    });
  });

  test("the developer guide's assume-role command vends credentials with the session tag", async () => {
    const app = (await aws("chime-sdk-identity", "create-app-instance", "--name", "sts-app")) as {
      AppInstanceArn: string;
    };
    await t.usePoliciesFor(app.AppInstanceArn);
    const result = (await awsAs(
      t.credentials.server,
      "sts",
      "assume-role",
      "--role-arn",
      t.endpoint.account.userRoleArn,
      "--role-session-name",
      "demo",
      "--tags",
      "Key=my_applications_user_id,Value=123456789",
    )) as {
      Credentials: { AccessKeyId: string; SessionToken: string; Expiration: string };
      AssumedRoleUser: { Arn: string };
    };
    expect(result.Credentials.AccessKeyId).toMatch(/^ASIA/);
    expect(result.Credentials.SessionToken).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(result.Credentials.Expiration))).toBe(false);
    expect(result.AssumedRoleUser.Arn).toBe("arn:aws:sts::111122223333:assumed-role/chime-chat-api-user/demo");
    const session = t.endpoint.account.principal(result.Credentials.AccessKeyId);
    expect(session?.tags).toEqual({ my_applications_user_id: "123456789" });
  });
});
