import {
  ForbiddenException,
  GetChannelMembershipPreferencesCommand,
  PutChannelMembershipPreferencesCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { createApp, makeAdmin, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("a member's preferences: the default (ALL) until set, then what was set; nobody else's", async () => {
  const app = await createApp(t.identity, ["owner", "alice", "admin"]);
  await makeAdmin(t.identity, app, "admin");
  const channelArn = await createChannel(t.messaging, app, { owner: "owner", members: ["alice", "admin"] });
  const own = { ChannelArn: channelArn, MemberArn: app.users.alice, ChimeBearer: app.users.alice };
  const first = await t.messaging.send(new GetChannelMembershipPreferencesCommand(own));
  expect(first).toMatchObject({
    ChannelArn: channelArn,
    Member: { Arn: app.users.alice, Name: "alice" },
    Preferences: { PushNotifications: { AllowNotifications: "ALL" } },
  });
  expect(first.Preferences?.PushNotifications?.FilterRule).toBeUndefined();
  await t.messaging.send(
    new PutChannelMembershipPreferencesCommand({
      ...own,
      Preferences: { PushNotifications: { AllowNotifications: "FILTERED", FilterRule: '{"a":["b"]}' } },
    }),
  );
  await expect(t.messaging.send(new GetChannelMembershipPreferencesCommand(own))).resolves.toMatchObject({
    Preferences: { PushNotifications: { AllowNotifications: "FILTERED", FilterRule: '{"a":["b"]}' } },
  });
  // The admin and the channel's moderator cannot read another member's preferences.
  for (const bearer of [app.users.admin, app.users.owner]) {
    await expect(
      t.messaging.send(new GetChannelMembershipPreferencesCommand({ ...own, ChimeBearer: bearer })),
    ).rejects.toBeInstanceOf(ForbiddenException);
  }
});

test("an unknown channel is a ForbiddenException (NotFound is not modeled)", async () => {
  const app = await createApp(t.identity, ["alice"]);
  await expect(
    t.messaging.send(
      new GetChannelMembershipPreferencesCommand({
        ChannelArn: `${app.appInstanceArn}/channel/none`,
        MemberArn: app.users.alice,
        ChimeBearer: app.users.alice,
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
