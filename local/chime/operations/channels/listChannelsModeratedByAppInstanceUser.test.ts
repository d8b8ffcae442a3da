import {
  BadRequestException,
  CreateChannelCommand,
  ForbiddenException,
  ListChannelsModeratedByAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const aliceModerates: string[] = [];
let bobsChannel: string;

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol", "dave"], { admins: ["carol"] });
beforeAll(async () => {
  const create = (input: Partial<CreateChannelCommand["input"]>) => createChannelAs(t.messaging, app, "alice", input);
  aliceModerates.push(await create({ Name: "one", Metadata: "first" }));
  aliceModerates.push(await create({ Name: "two", Privacy: "PRIVATE" }));
  bobsChannel = await create({ Name: "bobs", ChimeBearer: app.users.bob, ModeratorArns: [app.users.alice] });
  aliceModerates.push(bobsChannel);
  // A member who is not a moderator.
  await create({ Name: "members-only", MemberArns: [app.users.dave] });
  aliceModerates.push(await create({ Name: "four" }));
});

const list = (bearer: string, extra: Partial<ListChannelsModeratedByAppInstanceUserCommand["input"]> = {}) =>
  t.messaging.send(new ListChannelsModeratedByAppInstanceUserCommand({ ChimeBearer: bearer, ...extra }));

const arns = (result: Awaited<ReturnType<typeof list>>) =>
  (result.Channels ?? []).map((c) => c.ChannelSummary?.ChannelArn as string).sort();

test("lists the channels the bearer moderates, as summaries, with status 200", async () => {
  const result = await list(app.users.alice);
  expect(result.$metadata.httpStatusCode).toBe(200);
  // alice created "members-only" too, so she moderates it.
  expect(arns(result)).toHaveLength(5);
  expect(arns(result)).toEqual(expect.arrayContaining(aliceModerates));
  expect(result.Channels?.find((c) => c.ChannelSummary?.Name === "one")).toEqual({
    ChannelSummary: {
      Name: "one",
      ChannelArn: aliceModerates[0],
      Mode: "UNRESTRICTED",
      Privacy: "PUBLIC",
      Metadata: "first",
    },
  });
  expect(arns(await list(app.users.bob))).toEqual([bobsChannel]);
});

test("membership alone does not make a moderator; admins are not listed as moderators", async () => {
  expect(arns(await list(app.users.dave))).toEqual([]);
  expect(arns(await list(app.users.carol))).toEqual([]);
});

test("another user's channels are for admins only", async () => {
  await expect(list(app.users.bob, { AppInstanceUserArn: app.users.alice })).rejects.toBeInstanceOf(ForbiddenException);
  expect(arns(await list(app.users.carol, { AppInstanceUserArn: app.users.bob }))).toEqual([bobsChannel]);
  expect(arns(await list(app.users.bob, { AppInstanceUserArn: app.users.bob }))).toEqual([bobsChannel]);
});

test("pages with NextToken cover every channel once", async () => {
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await list(app.users.alice, { MaxResults: 2, NextToken: token });
    seen.push(...arns(page));
    token = page.NextToken;
    pages += 1;
  } while (token);
  expect(pages).toBe(3);
  expect(new Set(seen).size).toBe(5);
  const first = await list(app.users.alice, { MaxResults: 2 });
  await expect(list(app.users.bob, { MaxResults: 2, NextToken: first.NextToken })).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
