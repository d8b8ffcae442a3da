/**
 * searchChannels over HTTP: by name prefix (PUBLIC channels for everybody, the caller's own PRIVATE
 * ones, every PRIVATE one for admins), by member (the caller's own channels; admins: all), both, paged;
 * a PRIVATE channel never reaches a user who is not its member; each request reads a bounded number of
 * Chime pages however many channels there are.
 */
import { CreateChannelCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, dataOf, errorOf, PAGE_INFO, signIn, type Page } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;
let bob: ApiUser;
let carol: ApiUser;
let admin: ApiUser;
const arns: Record<string, string> = {};

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
  [alice, bob, carol, admin] = await Promise.all([
    stack.user("alice"),
    stack.user("bob"),
    stack.user("carol"),
    stack.user("admin", { admin: true }),
  ]);
  await Promise.all([alice, bob, carol, admin].map((user) => signIn(stack, user)));
  arns.designTeam = (await createChannel(stack, alice, { name: "Design team" })).arn;
  arns.designSecrets = (
    await createChannel(stack, alice, { name: "design secrets", privacy: "PRIVATE", memberArns: [bob.arn] })
  ).arn;
  arns.bobsDesigns = (await createChannel(stack, bob, { name: "Designs of bob", privacy: "PRIVATE" })).arn;
  arns.marketing = (await createChannel(stack, carol, { name: "Marketing", memberArns: [bob.arn] })).arn;
});

afterAll(async () => {
  await stack?.close();
});

const SEARCH = `query($namePrefix: String, $memberArn: ID, $first: Int, $after: String) {
  searchChannels(namePrefix: $namePrefix, memberArn: $memberArn, first: $first, after: $after) {
    edges { cursor node { arn name privacy } } ${PAGE_INFO}
  }
}`;

type Found = Page<{ arn: string; name: string; privacy: string }>;

const searchPage = async (user: ApiUser, variables: Record<string, unknown>) =>
  dataOf<{ searchChannels: Found }>(await stack.gql(user.token, SEARCH, variables)).searchChannels;

/** Every channel found, page after page. */
async function searchAll(user: ApiUser, variables: Record<string, unknown>): Promise<string[]> {
  const found: string[] = [];
  let after = (variables.after as string | undefined) ?? null;
  for (let requests = 0; requests < 50; requests++) {
    const page = await searchPage(user, { ...variables, after });
    found.push(...page.edges.map((edge) => edge.node.arn));
    if (!page.pageInfo.hasNextPage) return found.sort();
    after = page.pageInfo.endCursor;
  }
  throw new Error("searchChannels never finished");
}

const sorted = (...names: string[]) => names.map((name) => arns[name]).sort();

describe("by name prefix", () => {
  test("finds PUBLIC channels and the caller's own PRIVATE ones, ignoring case", async () => {
    expect(await searchAll(alice, { namePrefix: "design" })).toEqual(sorted("designTeam", "designSecrets"));
    expect(await searchAll(bob, { namePrefix: "DESIGN" })).toEqual(
      sorted("designTeam", "designSecrets", "bobsDesigns"),
    );
  });

  test("never shows a PRIVATE channel to a user who is not its member", async () => {
    expect(await searchAll(carol, { namePrefix: "design" })).toEqual(sorted("designTeam"));
  });

  test("admins find the PRIVATE channels too", async () => {
    expect(await searchAll(admin, { namePrefix: "Design" })).toEqual(
      sorted("designTeam", "designSecrets", "bobsDesigns"),
    );
  });
});

describe("by member", () => {
  test("finds the caller's own channels with that member", async () => {
    expect(await searchAll(bob, { memberArn: alice.arn })).toEqual(sorted("designSecrets"));
    expect(await searchAll(bob, { memberArn: carol.arn })).toEqual(sorted("marketing"));
    expect(await searchAll(alice, { memberArn: alice.arn })).toEqual(sorted("designTeam", "designSecrets"));
  });

  test("a user who is not a member finds none of them, not even a PRIVATE one; admins find all", async () => {
    expect(await searchAll(carol, { memberArn: alice.arn })).toEqual([]);
    expect(await searchAll(admin, { memberArn: bob.arn })).toEqual(sorted("designSecrets", "bobsDesigns", "marketing"));
  });

  test("with a name prefix as well, both must hold", async () => {
    expect(await searchAll(bob, { memberArn: bob.arn, namePrefix: "market" })).toEqual(sorted("marketing"));
  });
});

test("pages: `first` channels at a time, each edge's cursor going on after it", async () => {
  const first = await searchPage(bob, { namePrefix: "design", first: 1 });
  expect(first.edges).toHaveLength(1);
  expect(first.pageInfo.hasNextPage).toBe(true);
  const rest = await searchAll(bob, { namePrefix: "design", after: first.edges[0].cursor });
  expect([first.edges[0].node.arn, ...rest].sort()).toEqual(sorted("designTeam", "designSecrets", "bobsDesigns"));
  // A cursor belongs to its search and its caller.
  const other = await stack.gql(bob.token, SEARCH, { namePrefix: "market", after: first.edges[0].cursor });
  errorOf(other, "BAD_USER_INPUT");
  const stolen = await stack.gql(alice.token, SEARCH, { namePrefix: "design", after: first.edges[0].cursor });
  errorOf(stolen, "BAD_USER_INPUT");
});

test("a request reads at most 4 Chime pages: many channels take several requests, each bounded", async () => {
  for (let i = 0; i < 230; i++) {
    await stack.t.messaging.send(
      new CreateChannelCommand({
        AppInstanceArn: stack.appInstanceArn,
        Name: `filler ${i}`,
        ChimeBearer: stack.backendUserArn,
      }),
    );
  }
  const found: string[] = [];
  let after: string | null = null;
  let requests = 0;
  for (;;) {
    const before = stack.proxy.calls.length;
    const page = await searchPage(carol, { namePrefix: "marketing", after });
    requests += 1;
    expect(stack.proxy.calls.length - before).toBeLessThanOrEqual(4);
    found.push(...page.edges.map((edge) => edge.node.arn));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(found).toEqual([arns.marketing]);
  expect(requests).toBeGreaterThan(1);
});

test("needs a name prefix or a member; checks them", async () => {
  errorOf(await stack.gql(alice.token, SEARCH, {}), "BAD_USER_INPUT");
  errorOf(await stack.gql(alice.token, SEARCH, { namePrefix: "" }), "BAD_USER_INPUT");
  errorOf(
    await stack.gql(alice.token, SEARCH, { memberArn: "arn:aws:chime:us-east-1:1:app-instance/x/user/y" }),
    "BAD_USER_INPUT",
  );
});
