import {
  BadRequestException,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
  UpdateAppInstanceUserCommand,
  type UpdateAppInstanceUserRequest,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  CreateChannelCommand,
  ListChannelMembershipsCommand,
  SendChannelMessageCommand,
  ListChannelMessagesCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("renames a user, sets metadata and moves the last-updated time", async () => {
  const app = await createApp(t.identity, ["alice"]);
  await pause(5);
  const result = await t.identity.send(
    new UpdateAppInstanceUserCommand({ AppInstanceUserArn: app.users.alice, Name: "Alice A.", Metadata: '{"x":1}' }),
  );
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.AppInstanceUserArn).toBe(app.users.alice);
  const { AppInstanceUser } = await t.identity.send(
    new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.alice }),
  );
  expect(AppInstanceUser).toMatchObject({ Name: "Alice A.", Metadata: '{"x":1}' });
  const created = AppInstanceUser?.CreatedTimestamp?.getTime() as number;
  const updated = AppInstanceUser?.LastUpdatedTimestamp?.getTime() as number;
  expect(updated).toBeGreaterThanOrEqual(created);
  // The pause above makes "set by the update" observable: a stale timestamp would equal the creation time.
  expect(updated).toBeGreaterThan(created);
});

test("the new name shows in memberships; messages sent before keep the name at send time", async () => {
  const app = await createApp(t.identity, ["carol"]);
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "c", ChimeBearer: app.users.carol }),
  );
  await t.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn,
      ChimeBearer: app.users.carol,
      Content: "before",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
  await t.identity.send(
    new UpdateAppInstanceUserCommand({ AppInstanceUserArn: app.users.carol, Name: "Carol C.", Metadata: "m" }),
  );
  const members = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn, ChimeBearer: app.users.carol }),
  );
  expect(members.ChannelMemberships?.[0]?.Member).toEqual({ Arn: app.users.carol, Name: "Carol C." });
  const messages = await t.messaging.send(new ListChannelMessagesCommand({ ChannelArn, ChimeBearer: app.users.carol }));
  expect(messages.ChannelMessages?.[0]?.Sender).toEqual({ Arn: app.users.carol, Name: "carol" });
});

test.each<[string, Partial<UpdateAppInstanceUserRequest>]>([
  ["a missing Metadata", { Name: "Bob" }],
  ["a missing Name", { Metadata: "m" }],
  ["a blank name", { Name: "  ", Metadata: "m" }],
  ["an empty name", { Name: "", Metadata: "m" }],
  ["a name over 100 characters", { Name: "n".repeat(101), Metadata: "m" }],
  ["metadata over 1024 characters", { Name: "Bob", Metadata: "m".repeat(1025) }],
])("%s is a BadRequestException and changes nothing", async (_, fields) => {
  const app = await createApp(t.identity, ["bob"]);
  await expect(
    t.identity.send(
      new UpdateAppInstanceUserCommand({
        AppInstanceUserArn: app.users.bob,
        ...fields,
      } as UpdateAppInstanceUserRequest),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
  const { AppInstanceUser } = await t.identity.send(
    new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob }),
  );
  expect(AppInstanceUser?.Name).toBe("bob");
});

test("a name of 100 characters and metadata of 1024 are accepted", async () => {
  const app = await createApp(t.identity, ["dan"]);
  await expect(
    t.identity.send(
      new UpdateAppInstanceUserCommand({
        AppInstanceUserArn: app.users.dan,
        Name: "n".repeat(100),
        Metadata: "m".repeat(1024),
      }),
    ),
  ).resolves.toMatchObject({ AppInstanceUserArn: app.users.dan });
});

test("a user that does not exist is a ForbiddenException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(
      new UpdateAppInstanceUserCommand({
        AppInstanceUserArn: `${app.appInstanceArn}/user/ghost`,
        Name: "Ghost",
        Metadata: "m",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("metadata can be cleared with an empty string", async () => {
  const app = await createApp(t.identity, ["erin"]);
  const arn = app.users.erin;
  await t.identity.send(new UpdateAppInstanceUserCommand({ AppInstanceUserArn: arn, Name: "Erin", Metadata: "x" }));
  await t.identity.send(new UpdateAppInstanceUserCommand({ AppInstanceUserArn: arn, Name: "Erin", Metadata: "" }));
  const { AppInstanceUser } = await t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: arn }));
  expect(AppInstanceUser?.Metadata ?? "").toBe("");
});
