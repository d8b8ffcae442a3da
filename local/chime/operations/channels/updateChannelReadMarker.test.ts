import {
  DescribeChannelMembershipForAppInstanceUserCommand,
  ForbiddenException,
  ListChannelMembershipsForAppInstanceUserCommand,
  UpdateChannelReadMarkerCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs, insertHiddenMembership } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let now = new Date("2024-06-01T12:00:00.000Z");
let channelArn: string;

const t = useTestEndpoint({ clock: { now: () => now } });
const app = useTestApp(t, ["alice", "bob", "carol", "dave", "hank"], { admins: ["carol"] });
beforeAll(async () => {
  channelArn = await createChannelAs(t.messaging, app, "alice", {
    Name: "general",
    MemberArns: [app.users.bob],
  });
  insertHiddenMembership(t, { channelArn, memberArn: app.users.hank, invitedBy: app.users.alice, at: now.getTime() });
});

const mark = (bearer: string, channel = channelArn) =>
  t.messaging.send(new UpdateChannelReadMarkerCommand({ ChannelArn: channel, ChimeBearer: bearer }));

const markerOf = async (userArn: string) =>
  (
    await t.messaging.send(
      new DescribeChannelMembershipForAppInstanceUserCommand({
        ChannelArn: channelArn,
        AppInstanceUserArn: userArn,
        ChimeBearer: userArn,
      }),
    )
  ).ChannelMembership?.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp;

test("records now as the member's read marker, visible in both per-user views", async () => {
  expect(await markerOf(app.users.bob)).toBeUndefined();
  now = new Date("2024-06-01T12:05:30.250Z");
  const result = await mark(app.users.bob);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelArn).toBe(channelArn);
  expect(await markerOf(app.users.bob)).toEqual(now);

  now = new Date("2024-06-01T13:00:00.000Z");
  await mark(app.users.bob);
  expect(await markerOf(app.users.bob)).toEqual(now);
  const listed = await t.messaging.send(
    new ListChannelMembershipsForAppInstanceUserCommand({ ChimeBearer: app.users.bob }),
  );
  expect(listed.ChannelMemberships?.[0].AppInstanceUserMembershipSummary?.ReadMarkerTimestamp).toEqual(now);
});

test("the marker is per member", async () => {
  now = new Date("2024-06-02T09:00:00.000Z");
  await mark(app.users.alice);
  expect(await markerOf(app.users.alice)).toEqual(now);
  expect(await markerOf(app.users.bob)).toEqual(new Date("2024-06-01T13:00:00.000Z"));
});

test("hidden members may set their marker", async () => {
  now = new Date("2024-06-03T00:00:00.000Z");
  await expect(mark(app.users.hank)).resolves.toMatchObject({ ChannelArn: channelArn });
  expect(await markerOf(app.users.hank)).toEqual(now);
  expect(await markerOf(app.users.hank)).toEqual(now);
});

test("non-members, admins included, may not; nor on a missing channel", async () => {
  await expect(mark(app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(mark(app.users.carol)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(mark(app.users.bob, `${app.appInstanceArn}/channel/missing`)).rejects.toBeInstanceOf(ForbiddenException);
});
