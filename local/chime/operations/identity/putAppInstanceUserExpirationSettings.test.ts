/**
 * PutAppInstanceUserExpirationSettings, and users expiring on the endpoint's clock: ExpirationDays after
 * their creation (identity's one criterion) the user is gone, with their memberships, at the first
 * request.
 */
import {
  BadRequestException,
  CreateAppInstanceUserCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
  PutAppInstanceUserExpirationSettingsCommand,
  type ExpirationSettings,
} from "@aws-sdk/client-chime-sdk-identity";
import { ListChannelMembershipsCommand, UnauthorizedClientException } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, sendMessage } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const DAY = 24 * 60 * 60 * 1000;
let now = Date.parse("2024-06-01T00:00:00Z");

const t = useTestEndpoint({ clock: { now: () => new Date(now) } });
const app = useTestApp(t, ["alice"]);

async function user(id: string, settings?: ExpirationSettings): Promise<string> {
  const { AppInstanceUserArn } = await t.identity.send(
    new CreateAppInstanceUserCommand({
      AppInstanceArn: app.appInstanceArn,
      AppInstanceUserId: id,
      Name: id,
      ExpirationSettings: settings,
    }),
  );
  return AppInstanceUserArn as string;
}

const put = (arn: string, settings?: ExpirationSettings) =>
  t.identity.send(
    new PutAppInstanceUserExpirationSettingsCommand({ AppInstanceUserArn: arn, ExpirationSettings: settings }),
  );
const describe = (arn: string) => t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: arn }));

test("sets the settings (200, echoed), which DescribeAppInstanceUser shows; without settings it clears them", async () => {
  const arn = await user("guest-1");
  const settings: ExpirationSettings = { ExpirationDays: 7, ExpirationCriterion: "CREATED_TIMESTAMP" };
  const result = await put(arn, settings);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result).toMatchObject({ AppInstanceUserArn: arn, ExpirationSettings: settings });
  expect((await describe(arn)).AppInstanceUser?.ExpirationSettings).toEqual(settings);
  expect((await put(arn)).ExpirationSettings).toBeUndefined();
  expect((await describe(arn)).AppInstanceUser?.ExpirationSettings).toBeUndefined();
});

test("only CREATED_TIMESTAMP, the model's one criterion for users, is taken", async () => {
  const arn = await user("guest-2");
  await expect(
    put(arn, { ExpirationDays: 1, ExpirationCriterion: "LAST_MESSAGE_TIMESTAMP" as "CREATED_TIMESTAMP" }),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("a user that does not exist is forbidden", async () => {
  await expect(
    put(`${app.appInstanceArn}/user/nobody`, { ExpirationDays: 1, ExpirationCriterion: "CREATED_TIMESTAMP" }),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an expired user is gone at the first request: not described, not a bearer, not a member", async () => {
  const created = now;
  const guest = await user("guest-3", { ExpirationDays: 1, ExpirationCriterion: "CREATED_TIMESTAMP" });
  app.users.guest = guest;
  const channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["guest"] });
  await sendMessage(t.messaging, channelArn, guest, "hello while I can");
  now = created + DAY - 1;
  expect((await describe(guest)).AppInstanceUser?.AppInstanceUserArn).toBe(guest);

  now = created + DAY;
  await expect(describe(guest)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(sendMessage(t.messaging, channelArn, guest, "too late")).rejects.toBeInstanceOf(
    UnauthorizedClientException,
  );
  const { ChannelMemberships } = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
  );
  expect(ChannelMemberships?.map((m) => m.Member?.Arn)).toEqual([app.users.alice]);
});
