import {
  BadRequestException,
  CreateChannelBanCommand,
  CreateChannelMembershipCommand,
  DescribeChannelMembershipCommand,
  ForbiddenException,
  NotFoundException,
  UnauthorizedClientException,
  type CreateChannelMembershipCommandInput,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "carol", "mod", "admin"], { admins: ["admin"] });
const other = useTestApp(t, ["stranger"]);

const add = (channelArn: string, bearer: string, member: string, type: "DEFAULT" | "HIDDEN" = "DEFAULT") =>
  t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
      Type: type,
    }),
  );
const raw = (input: Partial<CreateChannelMembershipCommandInput>) =>
  t.messaging.send(new CreateChannelMembershipCommand(input as CreateChannelMembershipCommandInput));
const membership = async (channelArn: string, member: string) =>
  (
    await t.messaging.send(
      new DescribeChannelMembershipCommand({
        ChannelArn: channelArn,
        MemberArn: app.users[member],
        ChimeBearer: app.users.owner,
      }),
    )
  ).ChannelMembership;

test("a moderator adds a member with 201; InvitedBy is the bearer", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const result = await add(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toMatchObject({ ChannelArn: channel, Member: { Arn: app.users.alice, Name: "alice" } });
  expect(await membership(channel, "alice")).toMatchObject({
    Type: "DEFAULT",
    InvitedBy: { Arn: app.users.owner, Name: "owner" },
  });
});

test("adding an existing member succeeds and leaves the membership as it was", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  await add(channel, "owner", "bob", "HIDDEN");
  const again = await add(channel, "alice", "bob");
  expect(again.$metadata.httpStatusCode).toBe(201);
  expect(again.Member?.Arn).toBe(app.users.bob);
  expect(await membership(channel, "bob")).toMatchObject({ Type: "HIDDEN", InvitedBy: { Arn: app.users.owner } });
});

test("members add others on UNRESTRICTED channels only, PRIVATE ones included", async () => {
  const open = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const privateOpen = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"], privacy: "PRIVATE" });
  const restricted = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"], mode: "RESTRICTED" });
  await expect(add(open, "alice", "bob")).resolves.toMatchObject({ $metadata: { httpStatusCode: 201 } });
  await expect(add(privateOpen, "alice", "bob")).resolves.toMatchObject({
    ChannelArn: privateOpen,
    Member: { Arn: app.users.bob, Name: "bob" },
  });
  expect(await membership(privateOpen, "bob")).toMatchObject({ Type: "DEFAULT", InvitedBy: { Arn: app.users.alice } });
  await expect(add(restricted, "alice", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  // The right to add is checked before anything else, even for a user who already is a member.
  await expect(add(restricted, "alice", "alice")).rejects.toBeInstanceOf(ForbiddenException);
});

test("a non-member joins a PUBLIC UNRESTRICTED channel themself, nothing else", async () => {
  const open = await createChannel(t.messaging, app, { owner: "owner" });
  const privateOpen = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE" });
  const restricted = await createChannel(t.messaging, app, { owner: "owner", mode: "RESTRICTED" });
  await expect(add(open, "carol", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(privateOpen, "carol", "carol")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(restricted, "carol", "carol")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(open, "carol", "carol")).resolves.toMatchObject({
    ChannelArn: open,
    Member: { Arn: app.users.carol, Name: "carol" },
  });
  expect(await membership(open, "carol")).toMatchObject({ Type: "DEFAULT", InvitedBy: { Arn: app.users.carol } });
  expect(await membership(open, "carol")).toMatchObject({ Type: "DEFAULT", InvitedBy: { Arn: app.users.carol } });
});

test("only moderators and admins add HIDDEN members, and they may add to RESTRICTED PRIVATE channels", async () => {
  const channel = await createChannel(t.messaging, app, {
    owner: "owner",
    members: ["alice"],
    moderators: ["mod"],
    mode: "RESTRICTED",
    privacy: "PRIVATE",
  });
  const open = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  await expect(add(open, "alice", "bob", "HIDDEN")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(open, "carol", "carol", "HIDDEN")).rejects.toBeInstanceOf(ForbiddenException);
  await add(channel, "mod", "bob", "HIDDEN");
  await add(channel, "admin", "carol", "HIDDEN"); // the admin is neither member nor moderator
  expect((await membership(channel, "bob"))?.Type).toBe("HIDDEN");
  expect(await membership(channel, "carol")).toMatchObject({ Type: "HIDDEN", InvitedBy: { Arn: app.users.admin } });
});

test("a banned user cannot be added, nor join again themself", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
  );
  await expect(add(channel, "owner", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(channel, "bob", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(membership(channel, "bob")).rejects.toBeInstanceOf(NotFoundException);
});

test("the member must be a user of the channel's app instance", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const base = { ChannelArn: channel, ChimeBearer: app.users.owner, Type: "DEFAULT" as const };
  await expect(raw({ ...base, MemberArn: `${app.appInstanceArn}/user/ghost` })).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await expect(raw({ ...base, MemberArn: other.users.stranger })).rejects.toBeInstanceOf(ForbiddenException);
});

test("a missing channel is NotFound, also one of another app instance", async () => {
  await expect(add(`${app.appInstanceArn}/channel/missing`, "owner", "alice")).rejects.toBeInstanceOf(
    NotFoundException,
  );
  const foreign = await createChannel(t.messaging, other, { owner: "stranger" });
  await expect(add(foreign, "owner", "owner")).rejects.toBeInstanceOf(NotFoundException);
});

test("input limits and an unknown bearer", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const base = { ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.alice };
  await expect(raw({ ...base, Type: "VISIBLE" as "DEFAULT" })).rejects.toBeInstanceOf(BadRequestException);
  await expect(raw({ ...base, Type: undefined })).rejects.toBeInstanceOf(BadRequestException);
  await expect(raw({ ...base, Type: "DEFAULT", SubChannelId: "sub-1" })).rejects.toBeInstanceOf(BadRequestException);
  await expect(raw({ ...base, Type: "DEFAULT", MemberArn: "alice" })).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    raw({ ...base, Type: "DEFAULT", ChimeBearer: `${app.appInstanceArn}/user/nobody` }),
  ).rejects.toBeInstanceOf(UnauthorizedClientException);
  await expect(membership(channel, "alice")).rejects.toBeInstanceOf(NotFoundException);
});
