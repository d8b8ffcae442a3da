import {
  BadRequestException,
  DescribeChannelMembershipForAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs, insertHiddenMembership } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let channelArn: string;

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol", "dave", "hank"], { admins: ["carol"] });
beforeAll(async () => {
  channelArn = await createChannelAs(t.messaging, app, "alice", {
    Name: "team",
    Privacy: "PRIVATE",
    Mode: "RESTRICTED",
    Metadata: "m",
    MemberArns: [app.users.bob],
  });
  insertHiddenMembership(t, { channelArn, memberArn: app.users.hank, invitedBy: app.users.alice });
});

const describeFor = (bearer: string, userArn: string, channel = channelArn) =>
  t.messaging.send(
    new DescribeChannelMembershipForAppInstanceUserCommand({
      ChannelArn: channel,
      AppInstanceUserArn: userArn,
      ChimeBearer: bearer,
    }),
  );

test("a member describes its own membership with status 200", async () => {
  const result = await describeFor(app.users.bob, app.users.bob);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelMembership).toEqual({
    ChannelSummary: { Name: "team", ChannelArn: channelArn, Mode: "RESTRICTED", Privacy: "PRIVATE", Metadata: "m" },
    AppInstanceUserMembershipSummary: { Type: "DEFAULT" },
  });
});

test("a hidden member sees its HIDDEN membership", async () => {
  const result = await describeFor(app.users.hank, app.users.hank);
  expect(result.ChannelMembership?.AppInstanceUserMembershipSummary?.Type).toBe("HIDDEN");
});

test("another user's membership is for admins only", async () => {
  await expect(describeFor(app.users.alice, app.users.bob)).rejects.toBeInstanceOf(ForbiddenException);
  const result = await describeFor(app.users.carol, app.users.bob);
  expect(result.ChannelMembership?.ChannelSummary?.ChannelArn).toBe(channelArn);
});

test("no membership, or no channel, is forbidden (NotFound is not modeled)", async () => {
  await expect(describeFor(app.users.dave, app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(describeFor(app.users.carol, app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    describeFor(app.users.bob, app.users.bob, `${app.appInstanceArn}/channel/missing`),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("AppInstanceUserArn is required", async () => {
  await expect(
    t.messaging.send(
      new DescribeChannelMembershipForAppInstanceUserCommand({
        ChannelArn: channelArn,
        ChimeBearer: app.users.bob,
      } as DescribeChannelMembershipForAppInstanceUserCommand["input"]),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
