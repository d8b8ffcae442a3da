/**
 * The credential scope's region must be the endpoint's, as on every regional AWS endpoint: a request
 * signed for another region is refused before anything else (Chime: 403 InvalidSignatureException;
 * STS: 403 SignatureDoesNotMatch; the messaging WebSocket: closed with 4401), whatever the key may do.
 */
import { ListAppInstancesCommand } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient, ListChannelsCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { CLOSE_NOT_AUTHORIZED } from "../../local/websocket/messagingSessions";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../support/localEndpoint";
import { presignConnectUrl, TestSession } from "../support/messagingSession";
import { signedRequest } from "../support/signedHttp";

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["alice"]);
});
afterAll(() => t.close());

const config = (region: string, endpoint = t) => ({
  endpoint: endpoint.endpoint.url,
  region,
  credentials: endpoint.credentials.developer,
  maxAttempts: 1,
});

test("Chime refuses a request signed for another region with InvalidSignatureException naming it", async () => {
  const messaging = new ChimeSDKMessagingClient(config("eu-west-1"));
  const identity = new ChimeSDKIdentityClient(config("eu-west-1"));
  try {
    const refusal = {
      name: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
      $metadata: { httpStatusCode: 403 },
    };
    await expect(
      messaging.send(new ListChannelsCommand({ AppInstanceArn: app.appInstanceArn, ChimeBearer: app.users.alice })),
    ).rejects.toMatchObject(refusal);
    await expect(identity.send(new ListAppInstancesCommand({}))).rejects.toMatchObject(refusal);
  } finally {
    messaging.destroy();
    identity.destroy();
  }
});

test("STS refuses a request signed for another region with SignatureDoesNotMatch in its XML", async () => {
  const sts = new STSClient(config("ap-southeast-2"));
  try {
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
      message: "Credential should be scoped to a valid region, not 'ap-southeast-2'.",
      $metadata: { httpStatusCode: 403 },
    });
  } finally {
    sts.destroy();
  }
  const raw = await signedRequest({
    port: t.endpoint.port,
    method: "POST",
    path: "/",
    service: "sts",
    region: "ap-southeast-2",
    body: "Action=GetCallerIdentity&Version=2011-06-15",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    credentials: t.credentials.developer,
  });
  expect(raw.status).toBe(403);
  expect(raw.body).toContain("<Code>SignatureDoesNotMatch</Code>");
});

test("the messaging WebSocket closes a URL presigned for another region with 4401", async () => {
  const url = await presignConnectUrl(
    t.endpoint.port,
    t.credentials.developer,
    app.users.alice,
    new Date(),
    {},
    "eu-west-1",
  );
  const session = await TestSession.open(url);
  expect(await session.whenClosed()).toBe(CLOSE_NOT_AUTHORIZED);
  expect(session.frames).toEqual([]);
});

test("an endpoint run for another region takes that region's signatures and refuses us-east-1's", async () => {
  const frankfurt = await startTestEndpoint({ config: { region: "eu-central-1" } });
  const local = new ChimeSDKIdentityClient(config("eu-central-1", frankfurt));
  const virginia = new ChimeSDKIdentityClient(config("us-east-1", frankfurt));
  try {
    await expect(local.send(new ListAppInstancesCommand({}))).resolves.toMatchObject({ AppInstances: [] });
    await expect(virginia.send(new ListAppInstancesCommand({}))).rejects.toMatchObject({
      name: "InvalidSignatureException",
    });
    const { users } = await createApp(local, ["bob"]);
    const connect = (region: string) =>
      presignConnectUrl(frankfurt.endpoint.port, frankfurt.credentials.developer, users.bob, new Date(), {}, region);
    const accepted = await TestSession.open(await connect("eu-central-1"));
    expect((await accepted.waitFor("SESSION_ESTABLISHED"))[0].type).toBe("SESSION_ESTABLISHED");
    accepted.socket.close();
    const refused = await TestSession.open(await connect("us-east-1"));
    expect(await refused.whenClosed()).toBe(CLOSE_NOT_AUTHORIZED);
  } finally {
    local.destroy();
    virginia.destroy();
    await frankfurt.close();
  }
});
