import {
  BadRequestException,
  CreateChannelCommand,
  ForbiddenException,
  ListChannelMembershipsForAppInstanceUserCommand,
  type ChannelMembershipForAppInstanceUserSummary,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs, insertHiddenMembership } from "../../../../test/support/channels";
import { createApp, useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let publicArn: string;
let privateArn: string;
let hiddenArn: string;
let otherArn: string;

const t = useTestEndpoint();
const app = useTestApp(t, ["alice", "bob", "carol"], { admins: ["carol"] });
beforeAll(async () => {
  const create = (input: Partial<CreateChannelCommand["input"]>) => createChannelAs(t.messaging, app, "alice", input);
  publicArn = await create({ Name: "public", MemberArns: [app.users.bob], Metadata: "pub" });
  privateArn = await create({ Name: "private", Privacy: "PRIVATE", MemberArns: [app.users.bob] });
  hiddenArn = await create({ Name: "hidden", Privacy: "PRIVATE" });
  otherArn = await create({ Name: "without-bob" });
  insertHiddenMembership(t, { channelArn: hiddenArn, memberArn: app.users.bob, invitedBy: app.users.alice });
});

const list = (bearer: string, extra: Partial<ListChannelMembershipsForAppInstanceUserCommand["input"]> = {}) =>
  t.messaging.send(new ListChannelMembershipsForAppInstanceUserCommand({ ChimeBearer: bearer, ...extra }));

function byChannel(
  memberships: ChannelMembershipForAppInstanceUserSummary[] | undefined,
): Record<string, ChannelMembershipForAppInstanceUserSummary> {
  const result: Record<string, ChannelMembershipForAppInstanceUserSummary> = {};
  for (const membership of memberships ?? []) result[membership.ChannelSummary?.ChannelArn ?? ""] = membership;
  return result;
}

test("lists the bearer's memberships, PUBLIC and PRIVATE, DEFAULT and HIDDEN, with status 200", async () => {
  const result = await list(app.users.bob);
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.NextToken).toBeUndefined();
  const memberships = byChannel(result.ChannelMemberships);
  expect(Object.keys(memberships).sort()).toEqual([publicArn, privateArn, hiddenArn].sort());
  expect(memberships[publicArn]).toEqual({
    ChannelSummary: { Name: "public", ChannelArn: publicArn, Mode: "UNRESTRICTED", Privacy: "PUBLIC", Metadata: "pub" },
    AppInstanceUserMembershipSummary: { Type: "DEFAULT" },
  });
  expect(memberships[privateArn].ChannelSummary?.Privacy).toBe("PRIVATE");
  expect(memberships[hiddenArn].AppInstanceUserMembershipSummary?.Type).toBe("HIDDEN");
  expect(memberships[otherArn]).toBeUndefined();
});

test("the bearer may name itself", async () => {
  const result = await list(app.users.bob, { AppInstanceUserArn: app.users.bob });
  expect(result.ChannelMemberships).toHaveLength(3);
});

test("another user's memberships are for admins only", async () => {
  await expect(list(app.users.bob, { AppInstanceUserArn: app.users.alice })).rejects.toBeInstanceOf(ForbiddenException);
  const result = await list(app.users.carol, { AppInstanceUserArn: app.users.bob });
  expect(Object.keys(byChannel(result.ChannelMemberships)).sort()).toEqual([publicArn, privateArn, hiddenArn].sort());
});

test("an admin naming a user outside the app instance is forbidden", async () => {
  const other = await createApp(t.identity, ["erin"]);
  await expect(list(app.users.carol, { AppInstanceUserArn: other.users.erin })).rejects.toBeInstanceOf(
    ForbiddenException,
  );
  await expect(
    list(app.users.carol, { AppInstanceUserArn: `${app.appInstanceArn}/user/ghost` }),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("pages with NextToken cover every membership once; a token is bound to its user", async () => {
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await list(app.users.bob, { MaxResults: 1, NextToken: token });
    expect(page.ChannelMemberships).toHaveLength(1);
    seen.push(page.ChannelMemberships?.[0].ChannelSummary?.ChannelArn as string);
    token = page.NextToken;
  } while (token);
  expect(seen.sort()).toEqual([publicArn, privateArn, hiddenArn].sort());

  const first = await list(app.users.bob, { MaxResults: 1 });
  await expect(
    list(app.users.carol, { AppInstanceUserArn: app.users.bob, MaxResults: 1, NextToken: first.NextToken }),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(list(app.users.bob, { MaxResults: 51 })).rejects.toBeInstanceOf(BadRequestException);
});
