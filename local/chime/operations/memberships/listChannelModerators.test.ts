import {
  BadRequestException,
  ForbiddenException,
  ListChannelModeratorsCommand,
  type ListChannelModeratorsCommandInput,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "alice", "bob", "member", "outsider", "admin"], { admins: ["admin"] });

const list = (input: Omit<ListChannelModeratorsCommandInput, "ChimeBearer"> & { bearer: string }) =>
  t.messaging.send(new ListChannelModeratorsCommand({ ...input, ChimeBearer: app.users[input.bearer] }));

test("lists the moderators, creator included, across pages", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice", "bob"] });
  const first = await list({ ChannelArn: channel, bearer: "owner", MaxResults: 2 });
  expect(first.$metadata.httpStatusCode).toBe(200);
  expect(first.ChannelArn).toBe(channel);
  expect(first.ChannelModerators).toHaveLength(2);
  expect(first.NextToken).toBeDefined();
  const second = await list({ ChannelArn: channel, bearer: "owner", MaxResults: 2, NextToken: first.NextToken });
  expect(second.NextToken).toBeUndefined();
  const names = [...(first.ChannelModerators ?? []), ...(second.ChannelModerators ?? [])].map((m) => m.Moderator?.Name);
  expect(names.sort()).toEqual(["alice", "bob", "owner"]);
});

test("moderators and admins may list; members and outsiders may not", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["member"], moderators: ["alice"] });
  const listed = await list({ ChannelArn: channel, bearer: "alice" });
  expect(listed.ChannelArn).toBe(channel);
  expect(listed.ChannelModerators?.map((m) => m.Moderator?.Name).sort()).toEqual(["alice", "owner"]);
  const byAdmin = await list({ ChannelArn: channel, bearer: "admin" });
  expect(byAdmin.ChannelModerators?.map((m) => m.Moderator?.Arn).sort()).toEqual(
    [app.users.alice, app.users.owner].sort(),
  );
  await expect(list({ ChannelArn: channel, bearer: "member" })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(list({ ChannelArn: channel, bearer: "outsider" })).rejects.toBeInstanceOf(ForbiddenException);
});

test("a token of another channel and a bad MaxResults are BadRequest", async () => {
  const a = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice"] });
  const b = await createChannel(t.messaging, app, { owner: "owner", moderators: ["alice"] });
  const page = await list({ ChannelArn: a, bearer: "owner", MaxResults: 1 });
  await expect(list({ ChannelArn: b, bearer: "owner", NextToken: page.NextToken })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(list({ ChannelArn: a, bearer: "owner", MaxResults: 0 })).rejects.toBeInstanceOf(BadRequestException);
});
