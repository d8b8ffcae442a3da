import {
  BadRequestException,
  ForbiddenException,
  ListChannelsCommand,
  type ChannelSummary,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../../../test/support/channels";
import { createApp, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const publicArns: string[] = [];
const privateArns: string[] = [];

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol"], { admins: ["carol"] });
beforeAll(async () => {
  for (const [name, privacy] of [
    ["a", "PUBLIC"],
    ["b", undefined],
    ["c", "PRIVATE"],
    ["d", "PUBLIC"],
    ["e", "PRIVATE"],
  ] as const) {
    const channelArn = await createChannelAs(t.messaging, app, "alice", {
      Name: name,
      Privacy: privacy,
      Metadata: `meta-${name}`,
    });
    (privacy === "PRIVATE" ? privateArns : publicArns).push(channelArn);
  }
});

const list = (bearer: string, extra: Partial<ListChannelsCommand["input"]> = {}) =>
  t.messaging.send(new ListChannelsCommand({ AppInstanceArn: app.appInstanceArn, ChimeBearer: bearer, ...extra }));

test("lists the PUBLIC channels by default, as summaries, with status 200", async () => {
  const result = await list(app.users.bob);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.NextToken).toBeUndefined();
  expect(result.Channels?.map((c) => c.ChannelArn).sort()).toEqual([...publicArns].sort());
  expect(result.Channels?.find((c) => c.Name === "a")).toEqual({
    Name: "a",
    ChannelArn: publicArns[0],
    Mode: "UNRESTRICTED",
    Privacy: "PUBLIC",
    Metadata: "meta-a",
  });
});

test("even the creator does not see PRIVATE channels without asking for them", async () => {
  const result = await list(app.users.alice, { Privacy: "PUBLIC" });
  expect(result.Channels?.every((c) => c.Privacy === "PUBLIC")).toBe(true);
});

test("PRIVATE channels are listed for admins only", async () => {
  const result = await list(app.users.carol, { Privacy: "PRIVATE" });
  expect(result.Channels?.map((c) => c.ChannelArn).sort()).toEqual([...privateArns].sort());
  await expect(list(app.users.alice, { Privacy: "PRIVATE" })).rejects.toBeInstanceOf(ForbiddenException);
});

test("pages with NextToken cover every channel once", async () => {
  const seen: ChannelSummary[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await list(app.users.bob, { MaxResults: 2, NextToken: token });
    expect(page.Channels?.length).toBeLessThanOrEqual(2);
    seen.push(...(page.Channels ?? []));
    token = page.NextToken;
    pages += 1;
  } while (token);
  expect(pages).toBe(2);
  expect(seen.map((c) => c.ChannelArn).sort()).toEqual([...publicArns].sort());
});

test("a NextToken is bound to its privacy filter and bearer", async () => {
  const first = await list(app.users.carol, { MaxResults: 1 });
  expect(first.NextToken).toBeDefined();
  await expect(
    list(app.users.carol, { MaxResults: 1, NextToken: first.NextToken, Privacy: "PRIVATE" }),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(list(app.users.bob, { MaxResults: 1, NextToken: first.NextToken })).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(list(app.users.bob, { NextToken: "garbage" })).rejects.toBeInstanceOf(BadRequestException);
});

test("the app instance must be the bearer's", async () => {
  const other = await createApp(t.identity, ["erin"]);
  await expect(
    t.messaging.send(new ListChannelsCommand({ AppInstanceArn: other.appInstanceArn, ChimeBearer: app.users.bob })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("MaxResults and Privacy outside the model are bad requests", async () => {
  await expect(list(app.users.bob, { MaxResults: 51 })).rejects.toBeInstanceOf(BadRequestException);
  await expect(list(app.users.bob, { MaxResults: 0 })).rejects.toBeInstanceOf(BadRequestException);
  await expect(list(app.users.bob, { Privacy: "SECRET" as "PUBLIC" })).rejects.toBeInstanceOf(BadRequestException);
});
