/**
 * The server key is bound to the server role: it can do what policies/server-role.json allows and
 * nothing more. With the developer guide's narrow form of the policy (`user/backend_worker` instead of `user/*`),
 * the endpoint refuses the API's calls as any other user.
 */
import {
  ChimeSDKIdentityClient,
  CreateAppInstanceCommand,
  DeleteAppInstanceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { CreateChannelCommand, ListChannelMessagesCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { policyTemplate } from "../../policies";
import { createChannel, sendMessageAnswer } from "../support/channels";
import {
  clientConfig,
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../support/localEndpoint";
import { messagingClientWith } from "../support/sts";

describe("the server role as written", () => {
  let t: TestEndpoint;
  let app: AppFixture;
  beforeAll(async () => {
    t = await startTestEndpoint();
    app = await createApp(t.identity, ["alice", "bob"]);
    await t.usePoliciesFor(app.appInstanceArn);
  });
  afterAll(() => t.close());

  test("acts as any user of the app instance", async () => {
    const server = messagingClientWith(t, t.credentials.server);
    const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
    for (const user of ["alice", "bob"]) {
      await expect(sendMessageAnswer(server, channelArn, app.users[user], `hi from ${user}`)).resolves.toMatchObject({
        ChannelArn: channelArn,
        Status: { Value: "SENT" },
      });
    }
    // Each message is the user's own, as the members see it.
    const { ChannelMessages } = await t.messaging.send(
      new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
    );
    expect(ChannelMessages?.map((m) => m.Sender?.Arn).sort()).toEqual([app.users.alice, app.users.bob].sort());
    server.destroy();
  });

  test("cannot act in another app instance", async () => {
    const other = await createApp(t.identity, ["eve"]);
    const server = messagingClientWith(t, t.credentials.server);
    await expect(
      server.send(
        new CreateChannelCommand({ AppInstanceArn: other.appInstanceArn, Name: "x", ChimeBearer: other.users.eve }),
      ),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    server.destroy();
  });

  test("cannot do what the policy does not allow: create or delete app instances", async () => {
    const identity = new ChimeSDKIdentityClient(clientConfig(t.endpoint.url, t.credentials.server));
    await expect(identity.send(new CreateAppInstanceCommand({ Name: "x" }))).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining(
        "assumed-role/chime-chat-api-server/local-server is not authorized to perform: chime:CreateAppInstance",
      ) as string,
    });
    await expect(
      identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: app.appInstanceArn })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    identity.destroy();
  });
});

describe("a server policy narrowed to user/backend_worker", () => {
  let t: TestEndpoint;
  let app: AppFixture;
  beforeAll(async () => {
    const narrowed = policyTemplate("server-role").replace(
      '"{{AppInstanceArn}}/user/*"',
      '"{{AppInstanceArn}}/user/backend_worker"',
    );
    expect(narrowed).not.toBe(policyTemplate("server-role"));
    t = await startTestEndpoint({ account: { policyTemplates: { "server-role": narrowed } } });
    app = await createApp(t.identity, ["backend_worker", "alice"]);
    await t.usePoliciesFor(app.appInstanceArn);
  });
  afterAll(() => t.close());

  test("refuses the API's bearer calls for other users, allows backend_worker", async () => {
    const server = messagingClientWith(t, t.credentials.server);
    const channelArn = await createChannel(t.messaging, app, { owner: "backend_worker", members: ["alice"] });
    await expect(
      server.send(new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.backend_worker })),
    ).resolves.toMatchObject({ ChannelArn: channelArn, ChannelMessages: [] });
    await expect(
      server.send(new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining(`on resource: ${app.users.alice}`) as string,
    });
    server.destroy();
  });
});
