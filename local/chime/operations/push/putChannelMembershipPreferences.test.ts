import {
  BadRequestException,
  CreateChannelBanCommand,
  CreateChannelMembershipCommand,
  DeleteChannelMembershipCommand,
  ForbiddenException,
  GetChannelMembershipPreferencesCommand,
  PutChannelMembershipPreferencesCommand,
  type PushNotificationPreferences,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel, createChannelAs } from "../../../../test/support/channels";
import { createApp, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "admin", "outsider"], { admins: ["admin"] });
let channelArn: string;
beforeAll(async () => {
  channelArn = await createChannel(t.messaging, app, {
    owner: "owner",
    members: ["alice", "admin"],
    mode: "UNRESTRICTED",
  });
});

const put = (member: string, PushNotifications?: PushNotificationPreferences, bearer = member) =>
  t.messaging.send(
    new PutChannelMembershipPreferencesCommand({
      ChannelArn: channelArn,
      MemberArn: app.users[member],
      ChimeBearer: app.users[bearer],
      Preferences: PushNotifications === undefined ? {} : { PushNotifications },
    }),
  );
/** The member's own preferences, read back. */
const preferencesOf = (member: string) =>
  t.messaging.send(
    new GetChannelMembershipPreferencesCommand({
      ChannelArn: channelArn,
      MemberArn: app.users[member],
      ChimeBearer: app.users[member],
    }),
  );

test("a member sets NONE, FILTERED with a rule, and back to the default; the answer names the member", async () => {
  const rule = JSON.stringify({ mention: ["Bob"] });
  const result = await put("alice", { AllowNotifications: "FILTERED", FilterRule: rule });
  expect(result).toMatchObject({
    ChannelArn: channelArn,
    Member: { Arn: app.users.alice, Name: "alice" },
    Preferences: { PushNotifications: { AllowNotifications: "FILTERED", FilterRule: rule } },
  });
  await put("alice", { AllowNotifications: "NONE" });
  await expect(preferencesOf("alice")).resolves.toMatchObject({
    Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
  });
  const reset = await put("alice");
  expect(reset.Preferences).toEqual({ PushNotifications: { AllowNotifications: "ALL" } });
});

test("only the member themself: not an admin, not the channel's moderator, not a non-member", async () => {
  await expect(put("alice", { AllowNotifications: "NONE" }, "admin")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(put("alice", { AllowNotifications: "NONE" }, "owner")).rejects.toBeInstanceOf(ForbiddenException);
  await expect(put("outsider", { AllowNotifications: "NONE" })).rejects.toBeInstanceOf(ForbiddenException);
});

test("leaving drops the preferences: a member who comes back starts from the default", async () => {
  const app2 = await createApp(t.identity, ["o", "m"]);
  const channel = await createChannel(t.messaging, app2, {
    owner: "o",
    members: ["m"],
    mode: "UNRESTRICTED",
    privacy: "PUBLIC",
  });
  const key = { ChannelArn: channel, MemberArn: app2.users.m, ChimeBearer: app2.users.m };
  await t.messaging.send(
    new PutChannelMembershipPreferencesCommand({
      ...key,
      Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
    }),
  );
  await t.messaging.send(new DeleteChannelMembershipCommand(key));
  await expect(t.messaging.send(new GetChannelMembershipPreferencesCommand(key))).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await t.messaging.send(new CreateChannelMembershipCommand({ ...key, Type: "DEFAULT" }));
  await expect(t.messaging.send(new GetChannelMembershipPreferencesCommand(key))).resolves.toMatchObject({
    Preferences: { PushNotifications: { AllowNotifications: "ALL" } },
  });
  // A banned user is no member: refused too.
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, MemberArn: app2.users.m, ChimeBearer: app2.users.o }),
  );
  await expect(
    t.messaging.send(
      new PutChannelMembershipPreferencesCommand({
        ...key,
        Preferences: { PushNotifications: { AllowNotifications: "ALL" } },
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an elastic channel has no membership preferences: Get and Put are a BadRequestException, for its member too", async () => {
  const ChannelArn = await createChannelAs(t.messaging, app, "owner", {
    Name: "live event",
    ElasticChannelConfiguration: {
      MaximumSubChannels: 2,
      TargetMembershipsPerSubChannel: 10,
      MinimumMembershipPercentage: 10,
    },
  });
  await addMember(t.messaging, ChannelArn, app.users.owner, app.users.alice, "DEFAULT");
  const own = { ChannelArn, MemberArn: app.users.alice, ChimeBearer: app.users.alice };
  const refused = { message: "Elastic channels do not support membership preferences." };
  const get = t.messaging.send(new GetChannelMembershipPreferencesCommand(own));
  await expect(get).rejects.toBeInstanceOf(BadRequestException);
  await expect(get).rejects.toMatchObject(refused);
  const putNone = t.messaging.send(
    new PutChannelMembershipPreferencesCommand({
      ...own,
      Preferences: { PushNotifications: { AllowNotifications: "NONE" } },
    }),
  );
  await expect(putNone).rejects.toBeInstanceOf(BadRequestException);
  await expect(putNone).rejects.toMatchObject(refused);
});

describe("filter rules over the documented limits are a BadRequestException quoting the limit", () => {
  /** The rule is taken: the answer and the member's preferences read back hold it. */
  const accepted = async (FilterRule: string) => {
    const filtered = { Preferences: { PushNotifications: { AllowNotifications: "FILTERED", FilterRule } } };
    await expect(put("alice", { AllowNotifications: "FILTERED", FilterRule })).resolves.toMatchObject(filtered);
    await expect(preferencesOf("alice")).resolves.toMatchObject(filtered);
  };
  const refused = async (FilterRule: string, message: RegExp) => {
    const attempt = put("alice", { AllowNotifications: "FILTERED", FilterRule });
    await expect(attempt).rejects.toBeInstanceOf(BadRequestException);
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(message) as unknown });
  };

  test("a total filter rules size of 2KB", async () => {
    // {"k":["…"]} is 10 bytes around the value: 2,048 bytes in all passes, one byte more does not.
    const ofBytes = (n: number) => JSON.stringify({ k: ["x".repeat(n - 10)] });
    expect(Buffer.byteLength(ofBytes(2048))).toBe(2048);
    await accepted(ofBytes(2048));
    await refused(ofBytes(2049), /total filter rules size of 2KB/);
  });

  test("a maximum of five (5) separate constraints inside an OR filter rule", async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ [`k${i}`]: ["v"] }));
    await refused(JSON.stringify({ $or: six }), /five \(5\) separate constraints inside an OR/);
    await accepted(JSON.stringify({ $or: six.slice(0, 5) }));
  });

  test("a maximum complexity of 20: keys and values count, as in the guide's example", async () => {
    // 1 key + 19 values = 20: allowed; 1 key + 20 values = 21: refused.
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    await accepted(JSON.stringify({ k: values(19) }));
    await refused(JSON.stringify({ k: values(20) }), /maximum complexity of 20/);
    // anything-but and $or are operators, not keys: 2 keys + 2 values, as the guide counts 4.
    await accepted('{"type":[{"anything-but": ["Room"]}],"mention":["Bob"]}');
  });

  test("only exact string matching, in an escaped JSON object", async () => {
    await refused(JSON.stringify({ price: [{ numeric: [">", 0] }] }), /only support exact string matching/);
    await refused(JSON.stringify({ name: [{ prefix: "Bo" }] }), /only support exact string matching/);
    await refused(JSON.stringify({ n: [1] }), /only support exact string matching/);
    await refused("{not json", /escaped JSON string/);
  });

  test("FILTERED needs a rule", async () => {
    await expect(put("alice", { AllowNotifications: "FILTERED" })).rejects.toBeInstanceOf(BadRequestException);
  });
});
