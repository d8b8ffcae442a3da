import {
  DeleteAppInstanceUserCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  CreateChannelCommand,
  ListChannelMembershipsCommand,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("deleting a user removes their memberships and keeps their messages under their ARN", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "c",
      ChimeBearer: app.users.alice,
      MemberArns: [app.users.bob],
    }),
  );
  await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn,
      ChimeBearer: app.users.bob,
      Content: "bye",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  const result = await t.identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob }));
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  const members = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn, ChimeBearer: app.users.alice }),
  );
  expect(members.ChannelMemberships?.map((m) => m.Member?.Arn)).toEqual([app.users.alice]);
  const messages = await t.messaging.send(new ListChannelMessagesCommand({ ChannelArn, ChimeBearer: app.users.alice }));
  expect(messages.ChannelMessages?.[0]).toMatchObject({ Content: "bye", Sender: { Arn: app.users.bob } });
});
