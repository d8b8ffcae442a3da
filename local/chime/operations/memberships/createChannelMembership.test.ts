import {
  CreateChannelBanCommand,
  CreateChannelMembershipCommand,
  DescribeChannelMembershipCommand,
  ForbiddenException,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["owner", "alice", "bob", "carol"]);
});
afterAll(() => t.close());

const add = (channelArn: string, bearer: string, member: string, type: "DEFAULT" | "HIDDEN" = "DEFAULT") =>
  t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: app.users[bearer],
      MemberArn: app.users[member],
      Type: type,
    }),
  );

test("a moderator adds a member with 201; InvitedBy is the bearer", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const result = await add(channel, "owner", "alice");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result).toMatchObject({ ChannelArn: channel, Member: { Arn: app.users.alice, Name: "alice" } });
  const { ChannelMembership } = await t.messaging.send(
    new DescribeChannelMembershipCommand({
      ChannelArn: channel,
      MemberArn: app.users.alice,
      ChimeBearer: app.users.alice,
    }),
  );
  expect(ChannelMembership).toMatchObject({ Type: "DEFAULT", InvitedBy: { Arn: app.users.owner } });
});

test("adding a member twice succeeds and keeps the first membership", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  await add(channel, "owner", "alice", "HIDDEN");
  await expect(add(channel, "owner", "alice")).resolves.toBeDefined();
  const { ChannelMembership } = await t.messaging.send(
    new DescribeChannelMembershipCommand({
      ChannelArn: channel,
      MemberArn: app.users.alice,
      ChimeBearer: app.users.owner,
    }),
  );
  expect(ChannelMembership?.Type).toBe("HIDDEN");
});

test("members add others on UNRESTRICTED channels only; outsiders self-join PUBLIC UNRESTRICTED ones", async () => {
  const open = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"] });
  const restricted = await createChannel(t.messaging, app, { owner: "owner", members: ["alice"], mode: "RESTRICTED" });
  const privateOpen = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE" });
  await expect(add(open, "alice", "bob")).resolves.toBeDefined();
  await expect(add(restricted, "alice", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(open, "carol", "carol")).resolves.toBeDefined();
  await expect(add(privateOpen, "carol", "carol")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(open, "alice", "carol", "HIDDEN")).rejects.toBeInstanceOf(ForbiddenException);
});

test("a banned user cannot be added; a missing channel is NotFound; a non-user is Forbidden", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["bob"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.bob }),
  );
  await expect(add(channel, "owner", "bob")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(add(`${app.appInstanceArn}/channel/missing`, "owner", "alice")).rejects.toBeInstanceOf(
    NotFoundException,
  );
  await expect(
    t.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        MemberArn: `${app.appInstanceArn}/user/ghost`,
        Type: "DEFAULT",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
