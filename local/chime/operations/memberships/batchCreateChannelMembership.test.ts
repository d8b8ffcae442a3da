import {
  BadRequestException,
  BatchCreateChannelMembershipCommand,
  CreateChannelBanCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["owner", "alice", "bob", "carol"]);
});
afterAll(() => t.close());

test("adds the members it can and reports the others in Errors, with 200", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["carol"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.carol }),
  );
  const ghost = `${app.appInstanceArn}/user/ghost`;
  const result = await t.messaging.send(
    new BatchCreateChannelMembershipCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      MemberArns: [app.users.alice, app.users.bob, app.users.carol, ghost],
    }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.BatchChannelMemberships).toMatchObject({
    Type: "DEFAULT",
    ChannelArn: channel,
    InvitedBy: { Arn: app.users.owner },
  });
  expect(result.BatchChannelMemberships?.Members?.map((m) => m.Arn)).toEqual([app.users.alice, app.users.bob]);
  expect(result.Errors?.map((e) => [e.MemberArn, e.ErrorCode])).toEqual([
    [app.users.carol, "Forbidden"],
    [ghost, "Forbidden"],
  ]);
  const list = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: channel, ChimeBearer: app.users.owner }),
  );
  expect(list.ChannelMemberships).toHaveLength(3);
});

test("the caller's right is checked for the whole batch, and 1..100 members are allowed", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", mode: "RESTRICTED", members: ["alice"] });
  await expect(
    t.messaging.send(
      new BatchCreateChannelMembershipCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.alice,
        MemberArns: [app.users.bob],
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.messaging.send(
      new BatchCreateChannelMembershipCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        MemberArns: Array.from({ length: 101 }, (_, i) => `${app.appInstanceArn}/user/u${i}`),
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
