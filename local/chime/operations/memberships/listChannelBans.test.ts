import {
  BadRequestException,
  CreateChannelBanCommand,
  ForbiddenException,
  ListChannelBansCommand,
  type ListChannelBansCommandInput,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "a", "b", "c", "member", "outsider", "admin"], { admins: ["admin"] });

const list = (input: Omit<ListChannelBansCommandInput, "ChimeBearer"> & { bearer: string }) =>
  t.messaging.send(new ListChannelBansCommand({ ...input, ChimeBearer: app.users[input.bearer] }));
const ban = (channelArn: string, user: string) =>
  t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channelArn, ChimeBearer: app.users.owner, MemberArn: app.users[user] }),
  );

test("lists the banned users across pages", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner" });
  const empty = await list({ ChannelArn: channel, bearer: "owner" });
  expect(empty.ChannelBans).toEqual([]);
  for (const user of ["a", "b", "c"]) await ban(channel, user);
  const first = await list({ ChannelArn: channel, bearer: "owner", MaxResults: 2 });
  expect(first.$metadata.httpStatusCode).toBe(200);
  expect(first.ChannelArn).toBe(channel);
  expect(first.ChannelBans).toHaveLength(2);
  const second = await list({ ChannelArn: channel, bearer: "owner", MaxResults: 2, NextToken: first.NextToken });
  expect(second.NextToken).toBeUndefined();
  const bans = [...(first.ChannelBans ?? []), ...(second.ChannelBans ?? [])];
  expect(bans.map((b) => b.Member?.Name).sort()).toEqual(["a", "b", "c"]);
  // A summary is just the banned user's identity.
  expect(Object.keys(bans[0] ?? {})).toEqual(["Member"]);
});

test("moderators and admins may list; members and outsiders may not; limits are checked", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["member"] });
  await ban(channel, "a");
  await expect(list({ ChannelArn: channel, bearer: "admin" })).resolves.toMatchObject({
    ChannelBans: [{ Member: { Arn: app.users.a } }],
  });
  await expect(list({ ChannelArn: channel, bearer: "member" })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(list({ ChannelArn: channel, bearer: "outsider" })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(list({ ChannelArn: channel, bearer: "owner", MaxResults: 51 })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(list({ ChannelArn: channel, bearer: "owner", NextToken: "bad" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
