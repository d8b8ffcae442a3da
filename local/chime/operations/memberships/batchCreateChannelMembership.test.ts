import {
  BadRequestException,
  BatchCreateChannelMembershipCommand,
  CreateChannelBanCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
  NotFoundException,
  type BatchCreateChannelMembershipCommandInput,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "carol", "dave", "mod"]);
const other = useTestApp(t, ["stranger"]);

const batch = (input: Omit<BatchCreateChannelMembershipCommandInput, "ChimeBearer"> & { bearer: string }) =>
  t.messaging.send(new BatchCreateChannelMembershipCommand({ ...input, ChimeBearer: app.users[input.bearer] }));
const members = async (channelArn: string, type: "DEFAULT" | "HIDDEN" = "DEFAULT") =>
  (
    await t.messaging.send(
      new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner, Type: type }),
    )
  ).ChannelMemberships?.map((m) => m.Member?.Name);

test("adds the members it can and reports the others in Errors, with 200", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["carol"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.carol }),
  );
  const ghost = `${app.appInstanceArn}/user/ghost`;
  const result = await batch({
    ChannelArn: channel,
    bearer: "owner",
    MemberArns: [app.users.alice, app.users.bob, app.users.carol, ghost, other.users.stranger],
  });
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.BatchChannelMemberships).toEqual({
    Type: "DEFAULT",
    ChannelArn: channel,
    InvitedBy: { Arn: app.users.owner, Name: "owner" },
    Members: [
      { Arn: app.users.alice, Name: "alice" },
      { Arn: app.users.bob, Name: "bob" },
    ],
  });
  expect(result.Errors?.map((e) => [e.MemberArn, e.ErrorCode])).toEqual([
    [app.users.carol, "Forbidden"],
    [ghost, "Forbidden"],
    [other.users.stranger, "Forbidden"],
  ]);
  expect(result.Errors?.every((e) => typeof e.ErrorMessage === "string" && e.ErrorMessage.length > 0)).toBe(true);
  expect((await members(channel))?.sort()).toEqual(["alice", "bob", "owner"]);
});

test("Errors is absent when every member was added; existing members and repeats count once", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const result = await batch({
    ChannelArn: channel,
    bearer: "owner",
    MemberArns: [app.users.alice, app.users.bob, app.users.bob],
  });
  expect(result.Errors).toBeUndefined();
  expect(result.BatchChannelMemberships?.Members?.map((m) => m.Name)).toEqual(["alice", "bob"]);
  expect((await members(channel))?.sort()).toEqual(["alice", "bob", "owner"]);
});

test("the caller's right is checked once for the whole batch", async () => {
  const restricted = await createChannel(t.messaging, app, { owner: "owner", mode: "RESTRICTED", members: ["alice"] });
  const open = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  // A member of a RESTRICTED channel may add nobody: the whole call is refused and nobody is added.
  await expect(
    batch({ ChannelArn: restricted, bearer: "alice", MemberArns: [app.users.bob, app.users.carol] }),
  ).rejects.toBeInstanceOf(ForbiddenException);
  expect((await members(restricted))?.sort()).toEqual(["alice", "owner"]);
  // A member of an UNRESTRICTED channel adds others, DEFAULT only.
  await expect(batch({ ChannelArn: open, bearer: "alice", MemberArns: [app.users.bob] })).resolves.toMatchObject({
    BatchChannelMemberships: { Members: [{ Arn: app.users.bob, Name: "bob" }] },
  });
  await expect(
    batch({ ChannelArn: open, bearer: "alice", MemberArns: [app.users.carol], Type: "HIDDEN" }),
  ).rejects.toBeInstanceOf(ForbiddenException);
  // A non-member may only join themself.
  await expect(
    batch({ ChannelArn: open, bearer: "dave", MemberArns: [app.users.dave, app.users.carol] }),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(batch({ ChannelArn: open, bearer: "dave", MemberArns: [app.users.dave] })).resolves.toMatchObject({
    BatchChannelMemberships: { Members: [{ Arn: app.users.dave, Name: "dave" }] },
  });
  expect((await members(open))?.sort()).toEqual(["alice", "bob", "dave", "owner"]);
  expect((await members(open))?.sort()).toEqual(["alice", "bob", "dave", "owner"]);
});

test("a moderator adds HIDDEN members, listed only with type=HIDDEN", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", moderators: ["mod"] });
  const result = await batch({
    ChannelArn: channel,
    bearer: "mod",
    MemberArns: [app.users.alice, app.users.bob],
    Type: "HIDDEN",
  });
  expect(result.BatchChannelMemberships?.Type).toBe("HIDDEN");
  expect(await members(channel)).toEqual(["owner"]);
  expect((await members(channel, "HIDDEN"))?.sort()).toEqual(["alice", "bob"]);
});

test("1 to 100 MemberArns, ARNs, Type and SubChannelId are validated; a missing channel is NotFound", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const many = (n: number) => Array.from({ length: n }, (_, i) => `${app.appInstanceArn}/user/u${i}`);
  await expect(batch({ ChannelArn: channel, bearer: "owner", MemberArns: many(101) })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(batch({ ChannelArn: channel, bearer: "owner", MemberArns: [] })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  const hundred = await batch({ ChannelArn: channel, bearer: "owner", MemberArns: many(100) });
  expect(hundred.Errors).toHaveLength(100);
  await expect(batch({ ChannelArn: channel, bearer: "owner", MemberArns: ["bob"] })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(
    batch({ ChannelArn: channel, bearer: "owner", MemberArns: [app.users.bob], Type: "OTHER" as "DEFAULT" }),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    batch({ ChannelArn: channel, bearer: "owner", MemberArns: [app.users.bob], SubChannelId: "s1" }),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    batch({ ChannelArn: `${app.appInstanceArn}/channel/missing`, bearer: "owner", MemberArns: [app.users.bob] }),
  ).rejects.toBeInstanceOf(NotFoundException);
  expect(await members(channel)).toEqual(["owner"]);
});
