import {
  BadRequestException,
  CreateChannelBanCommand,
  ForbiddenException,
  ListChannelMembershipsCommand,
  type ListChannelMembershipsCommandInput,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "m1", "m2", "m3", "ghost", "outsider", "admin"], { admins: ["admin"] });

const list = (input: Omit<ListChannelMembershipsCommandInput, "ChimeBearer"> & { bearer: string }) =>
  t.messaging.send(new ListChannelMembershipsCommand({ ...input, ChimeBearer: app.users[input.bearer] }));

async function allNames(channelArn: string, bearer: string, maxResults: number): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const page = await list({ ChannelArn: channelArn, bearer, MaxResults: maxResults, NextToken });
    expect(page.$metadata.httpStatusCode).toBe(200);
    expect(page.ChannelArn).toBe(channelArn);
    expect(page.ChannelMemberships?.length).toBeLessThanOrEqual(maxResults);
    names.push(...(page.ChannelMemberships ?? []).map((m) => m.Member?.Name as string));
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken);
  expect(pages).toBe(Math.ceil(names.length / maxResults));
  return names;
}

test("lists DEFAULT members across pages, and HIDDEN ones only when asked", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["m1", "m2", "m3"] });
  await addMember(t.messaging, channel, app.users.owner, app.users.ghost, "HIDDEN");
  const names = await allNames(channel, "m1", 3);
  expect(names).toHaveLength(4);
  expect([...names].sort()).toEqual(["m1", "m2", "m3", "owner"]);
  expect(await allNames(channel, "m1", 1)).toEqual(names);
  const hidden = await list({ ChannelArn: channel, bearer: "owner", Type: "HIDDEN" });
  expect(hidden.ChannelMemberships).toEqual([{ Member: { Arn: app.users.ghost, Name: "ghost" } }]);
  expect(hidden.NextToken).toBeUndefined();
});

test("a plain member who asks for HIDDEN members gets them: AWS documents no role for the Type filter", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["m1"] });
  await addMember(t.messaging, channel, app.users.owner, app.users.ghost, "HIDDEN");
  const hidden = await list({ ChannelArn: channel, bearer: "m1", Type: "HIDDEN" });
  expect(hidden.ChannelMemberships).toEqual([{ Member: { Arn: app.users.ghost, Name: "ghost" } }]);
});

test("a banned member disappears from the list", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["m1", "m2"] });
  await t.messaging.send(
    new CreateChannelBanCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MemberArn: app.users.m1 }),
  );
  expect((await allNames(channel, "owner", 50)).sort()).toEqual(["m2", "owner"]);
});

test("outsiders list PUBLIC channels only; admins list all", async () => {
  const pub = await createChannel(t.messaging, app, { owner: "owner" });
  const priv = await createChannel(t.messaging, app, { owner: "owner", privacy: "PRIVATE" });
  const ownerOnly = { ChannelMemberships: [{ Member: { Arn: app.users.owner, Name: "owner" } }] };
  await expect(list({ ChannelArn: pub, bearer: "outsider" })).resolves.toMatchObject(ownerOnly);
  await expect(list({ ChannelArn: priv, bearer: "outsider" })).rejects.toBeInstanceOf(ForbiddenException);
  await expect(list({ ChannelArn: priv, bearer: "admin" })).resolves.toMatchObject(ownerOnly);
  await expect(list({ ChannelArn: `${app.appInstanceArn}/channel/missing`, bearer: "owner" })).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});

test("a NextToken replayed with another Type is a BadRequestException; so are bad limits", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["m1"] });
  const page = await list({ ChannelArn: channel, bearer: "owner", MaxResults: 1 });
  expect(page.NextToken).toBeDefined();
  await expect(
    list({ ChannelArn: channel, bearer: "owner", Type: "HIDDEN", NextToken: page.NextToken }),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(list({ ChannelArn: channel, bearer: "owner", NextToken: "garbage" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(list({ ChannelArn: channel, bearer: "owner", MaxResults: 51 })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(list({ ChannelArn: channel, bearer: "owner", Type: "ALL" as "DEFAULT" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(list({ ChannelArn: channel, bearer: "owner", SubChannelId: "s1" })).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
