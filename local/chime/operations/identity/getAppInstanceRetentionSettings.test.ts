import {
  ForbiddenException,
  GetAppInstanceRetentionSettingsCommand,
  PutAppInstanceRetentionSettingsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const setAt = new Date("2024-08-01T12:00:00Z");

const t = useTestEndpoint({ clock: { now: () => setAt } });
const app = useTestApp(t, []);

const get = (appInstanceArn = app.appInstanceArn) =>
  t.identity.send(new GetAppInstanceRetentionSettingsCommand({ AppInstanceArn: appInstanceArn }));

test("an app instance without retention answers no settings, with status 200", async () => {
  const result = await get();
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.AppInstanceRetentionSettings).toBeUndefined();
  expect(result.InitiateDeletionTimestamp).toBeUndefined();
});

test("answers the settings put, and when deletion starts; retention off has no deletion time", async () => {
  await t.identity.send(
    new PutAppInstanceRetentionSettingsCommand({
      AppInstanceArn: app.appInstanceArn,
      AppInstanceRetentionSettings: { ChannelRetentionSettings: { RetentionDays: 90 } },
    }),
  );
  expect(await get()).toMatchObject({
    AppInstanceRetentionSettings: { ChannelRetentionSettings: { RetentionDays: 90 } },
    InitiateDeletionTimestamp: new Date(setAt.getTime() + 30 * 24 * 60 * 60 * 1000),
  });
  await t.identity.send(
    new PutAppInstanceRetentionSettingsCommand({
      AppInstanceArn: app.appInstanceArn,
      AppInstanceRetentionSettings: { ChannelRetentionSettings: {} },
    }),
  );
  const off = await get();
  expect(off.AppInstanceRetentionSettings).toEqual({ ChannelRetentionSettings: {} });
  expect(off.InitiateDeletionTimestamp).toBeUndefined();
});

test("an app instance that does not exist is forbidden", async () => {
  await expect(get(`${app.appInstanceArn}x`)).rejects.toBeInstanceOf(ForbiddenException);
});
