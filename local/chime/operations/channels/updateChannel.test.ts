import {
  BadRequestException,
  DescribeChannelCommand,
  ForbiddenException,
  UpdateChannelCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let now = new Date("2024-05-01T08:00:00.000Z");

const t = useTestEndpoint({ clock: { now: () => now } });
const app = useTestApp(t, ["alice", "bob", "carol", "dave"], { admins: ["carol"] });

async function createChannel(): Promise<string> {
  return createChannelAs(t.messaging, app, "alice", {
    Name: "original",
    Mode: "RESTRICTED",
    Metadata: "original-metadata",
    MemberArns: [app.users.bob],
  });
}

const update = (channelArn: string, bearer: string, fields: Partial<UpdateChannelCommand["input"]>) =>
  t.messaging.send(new UpdateChannelCommand({ ChannelArn: channelArn, ChimeBearer: bearer, ...fields }));

const channel = async (channelArn: string) =>
  (await t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice })))
    .Channel;

test("a moderator changes only the given fields; the others keep their values", async () => {
  const channelArn = await createChannel();
  const created = now;
  now = new Date(now.getTime() + 60_000);
  const result = await update(channelArn, app.users.alice, { Name: "renamed" });
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelArn).toBe(channelArn);
  expect(await channel(channelArn)).toMatchObject({
    Name: "renamed",
    Mode: "RESTRICTED",
    Metadata: "original-metadata",
    Privacy: "PUBLIC",
    CreatedTimestamp: created,
    LastUpdatedTimestamp: now,
  });

  await update(channelArn, app.users.alice, { Mode: "UNRESTRICTED", Metadata: "new-metadata" });
  expect(await channel(channelArn)).toMatchObject({
    Name: "renamed",
    Mode: "UNRESTRICTED",
    Metadata: "new-metadata",
  });
});

test("an admin who is not a moderator may update", async () => {
  const channelArn = await createChannel();
  await expect(update(channelArn, app.users.carol, { Name: "by-admin" })).resolves.toMatchObject({
    ChannelArn: channelArn,
  });
  expect(await channel(channelArn)).toMatchObject({ Name: "by-admin" });
  expect((await channel(channelArn))?.Name).toBe("by-admin");
});

test("members and non-members may not update", async () => {
  const channelArn = await createChannel();
  await expect(update(channelArn, app.users.bob, { Name: "x" })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(update(channelArn, app.users.dave, { Name: "x" })).rejects.toBeInstanceOf(ForbiddenException);
  expect((await channel(channelArn))?.Name).toBe("original");
});

test("a missing channel is forbidden", async () => {
  await expect(update(`${app.appInstanceArn}/channel/missing`, app.users.carol, { Name: "x" })).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});

test("values outside the model's limits are bad requests and change nothing", async () => {
  const channelArn = await createChannel();
  await expect(update(channelArn, app.users.alice, { Name: "x".repeat(257) })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(update(channelArn, app.users.alice, { Name: "bell\u0007" })).rejects.toBeInstanceOf(BadRequestException);
  await expect(update(channelArn, app.users.alice, { Mode: "OPEN" as "RESTRICTED" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(update(channelArn, app.users.alice, { Metadata: "m".repeat(1025) })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  expect(await channel(channelArn)).toMatchObject({ Name: "original", Mode: "RESTRICTED" });
  await update(channelArn, app.users.alice, { Name: "n".repeat(256), Metadata: "m".repeat(1024) });
  expect(await channel(channelArn)).toMatchObject({ Name: "n".repeat(256), Metadata: "m".repeat(1024) });
});
