import {
  CreateChannelCommand,
  DescribeChannelCommand,
  ForbiddenException,
  UnauthorizedClientException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../../../test/support/channels";
import { createApp, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const createdAt = new Date("2024-03-01T10:00:00.000Z");
let publicArn: string;
let privateArn: string;

const t = useTestEndpoint({ clock: { now: () => createdAt } });
const app = useTestApp(t, ["alice", "bob", "carol", "dave"], { admins: ["carol"] });
beforeAll(async () => {
  const create = (input: Partial<CreateChannelCommand["input"]>) => createChannelAs(t.messaging, app, "alice", input);
  publicArn = await create({ Name: "lobby", Metadata: '{"topic":"hi"}', Mode: "RESTRICTED" });
  privateArn = await create({ Name: "secret", Privacy: "PRIVATE", MemberArns: [app.users.bob] });
});

const describeAs = (channelArn: string, bearer: string) =>
  t.messaging.send(new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: bearer }));

test("returns the channel with status 200", async () => {
  const result = await describeAs(publicArn, app.users.alice);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.Channel).toEqual({
    Name: "lobby",
    ChannelArn: publicArn,
    Mode: "RESTRICTED",
    Privacy: "PUBLIC",
    Metadata: '{"topic":"hi"}',
    CreatedBy: { Arn: app.users.alice, Name: "alice" },
    CreatedTimestamp: createdAt,
    LastUpdatedTimestamp: createdAt,
  });
});

test("anybody in the app instance may describe a PUBLIC channel", async () => {
  await expect(describeAs(publicArn, app.users.dave)).resolves.toMatchObject({
    Channel: { ChannelArn: publicArn, Name: "lobby", Privacy: "PUBLIC" },
  });
});

test("a PRIVATE channel is visible to members and admins only", async () => {
  expect((await describeAs(privateArn, app.users.bob)).Channel?.Privacy).toBe("PRIVATE");
  expect((await describeAs(privateArn, app.users.carol)).Channel?.Name).toBe("secret");
  await expect(describeAs(privateArn, app.users.dave)).rejects.toBeInstanceOf(ForbiddenException);
});

test("a missing channel, or one of another app instance, is forbidden (NotFound is not modeled)", async () => {
  await expect(describeAs(`${app.appInstanceArn}/channel/missing`, app.users.carol)).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  const other = await createApp(t.identity, ["erin"]);
  await expect(describeAs(publicArn, other.users.erin)).rejects.toBeInstanceOf(ForbiddenException);
});

test("an unknown bearer is unauthorized", async () => {
  await expect(describeAs(publicArn, `${app.appInstanceArn}/user/ghost`)).rejects.toBeInstanceOf(
    UnauthorizedClientException,
  );
});

test("settings an older build stored without ExpirationCriterion are left out, never answered incomplete", async () => {
  const channelArn = `${app.appInstanceArn}/channel/stored-by-an-older-build`;
  const at = createdAt.getTime();
  t.endpoint.services.store.insertChannel({
    arn: channelArn,
    appInstanceArn: app.appInstanceArn,
    name: "old",
    mode: "UNRESTRICTED",
    privacy: "PUBLIC",
    metadata: null,
    createdBy: app.users.alice,
    expirationSettings: JSON.stringify({ ExpirationDays: 3 }),
    createdAt: at,
    updatedAt: at,
    lastMessageAt: null,
    elasticConfiguration: null,
  });
  const { Channel } = await t.messaging.send(
    new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
  );
  expect(Channel).toMatchObject({ ChannelArn: channelArn, Name: "old" });
  expect(Channel).not.toHaveProperty("ExpirationSettings");
});
