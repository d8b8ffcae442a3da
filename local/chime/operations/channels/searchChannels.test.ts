/**
 * SearchChannels by members (the model's one key, MEMBERS, with EQUALS and INCLUDES): a user finds
 * among the channels they belong to, an AppInstanceAdmin among all channels; hidden members are not
 * searched on.
 */
import {
  BadRequestException,
  SearchChannelsCommand,
  UnauthorizedClientException,
  type ChannelSummary,
  type SearchField,
} from "@aws-sdk/client-chime-sdk-messaging";
import { addMember, createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const channels: Record<string, string> = {};

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol", "dave", "erin"], { admins: ["erin"] });
beforeAll(async () => {
  channels.aliceBob = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  channels.aliceBobCarol = await createChannel(t.messaging, app, {
    owner: "alice",
    members: ["bob", "carol"],
    privacy: "PRIVATE",
  });
  channels.bobCarol = await createChannel(t.messaging, app, { owner: "bob", members: ["carol"], privacy: "PRIVATE" });
  channels.daveOnly = await createChannel(t.messaging, app, { owner: "dave" });
  await addMember(t.messaging, channels.daveOnly, app.users.dave, app.users.carol, "HIDDEN");
});

const members = (operator: "EQUALS" | "INCLUDES", ...ids: string[]): SearchField => ({
  Key: "MEMBERS",
  Operator: operator,
  Values: ids.map((id) => app.users[id]),
});
const search = (bearer: string, fields: SearchField[], extra: Partial<SearchChannelsCommand["input"]> = {}) =>
  t.messaging.send(new SearchChannelsCommand({ ChimeBearer: app.users[bearer], Fields: fields, ...extra }));
const found = async (bearer: string, ...fields: SearchField[]) =>
  ((await search(bearer, fields)).Channels ?? []).map((c) => c.ChannelArn).sort();
const arns = (...names: string[]) => names.map((name) => channels[name]).sort();

test("INCLUDES finds the channels whose members include every value, among the bearer's own (200)", async () => {
  const result = await search("alice", [members("INCLUDES", "bob")]);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.Channels?.find((c) => c.ChannelArn === channels.aliceBob)).toEqual({
    Name: "test channel",
    ChannelArn: channels.aliceBob,
    Mode: "UNRESTRICTED",
    Privacy: "PUBLIC",
  });
  expect(await found("alice", members("INCLUDES", "bob"))).toEqual(arns("aliceBob", "aliceBobCarol"));
  expect(await found("alice", members("INCLUDES", "bob", "carol"))).toEqual(arns("aliceBobCarol"));
});

test("EQUALS finds the channels whose members are exactly the values", async () => {
  expect(await found("bob", members("EQUALS", "alice", "bob"))).toEqual(arns("aliceBob"));
  expect(await found("bob", members("EQUALS", "bob", "carol"))).toEqual(arns("bobCarol"));
  expect(await found("bob", members("EQUALS", "bob"))).toEqual([]);
});

test("fields all hold: INCLUDES and EQUALS together", async () => {
  expect(await found("bob", members("INCLUDES", "carol"), members("EQUALS", "bob", "carol"))).toEqual(arns("bobCarol"));
  expect(await found("bob", members("INCLUDES", "alice"), members("EQUALS", "bob", "carol"))).toEqual([]);
});

test("a user never finds a channel they do not belong to, PUBLIC or PRIVATE; an admin finds them all", async () => {
  expect(await found("dave", members("INCLUDES", "bob"))).toEqual([]);
  expect(await found("carol", members("INCLUDES", "alice"))).toEqual(arns("aliceBobCarol"));
  expect(await found("erin", members("INCLUDES", "bob"))).toEqual(arns("aliceBob", "aliceBobCarol", "bobCarol"));
});

test("hidden members are not searched on, though a hidden member searches their channels", async () => {
  expect(await found("erin", members("INCLUDES", "carol"))).toEqual(arns("aliceBobCarol", "bobCarol"));
  expect(await found("carol", members("INCLUDES", "dave"))).toEqual(arns("daveOnly"));
});

test("pages with NextToken cover every match once; a token is bound to its search", async () => {
  const seen: ChannelSummary[] = [];
  let token: string | undefined;
  do {
    const page = await search("erin", [members("INCLUDES", "bob")], { MaxResults: 1, NextToken: token });
    seen.push(...(page.Channels ?? []));
    token = page.NextToken;
    if (token) {
      await expect(search("erin", [members("INCLUDES", "carol")], { NextToken: token })).rejects.toBeInstanceOf(
        BadRequestException,
      );
    }
  } while (token);
  expect(seen.map((c) => c.ChannelArn).sort()).toEqual(arns("aliceBob", "aliceBobCarol", "bobCarol"));
});

test("the model's limits are checked, and the bearer is required", async () => {
  await expect(
    search("alice", [{ Key: "NAME" as "MEMBERS", Operator: "EQUALS", Values: ["x"] }]),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(search("alice", [])).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    t.messaging.send(new SearchChannelsCommand({ Fields: [members("INCLUDES", "bob")] })),
  ).rejects.toBeInstanceOf(UnauthorizedClientException);
});
