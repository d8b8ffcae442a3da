/**
 * Per-user limits over HTTP: the real handler, the local endpoint, and the DynamoDB emulator that
 * `npm start` runs (dynalite) holding the buckets, shared by every API server as by Lambda containers.
 * The limiter's refill arithmetic is checked with an injected clock against the same emulator.
 */
import { DynamoDBClient, type UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { buildSchema } from "graphql";
import { startLocalDynamo, type LocalDynamo } from "../../local/stack/dynamo";
import { MUTATION_CLASSES } from "../../src/graphql/limits";
import { typeDefs } from "../../src/graphql/generated/typeDefs";
import { RateLimiter, type UpdateItemSender } from "../../src/limits/rateLimiter";
import { createChannel, dataOf, errorOf } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let limited: ApiServer;
let otherContainer: ApiServer;

// One token every 10 s, five at once: the sixth send of a burst waits about 10 s.
const SENDS = "6/5";

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", rateLimits: true });
  limited = await stack.startApi({ RATE_LIMIT_SENDS: SENDS, RATE_LIMIT_CREDENTIALS: "6/5" });
  otherContainer = await stack.startApi({ RATE_LIMIT_SENDS: SENDS, RATE_LIMIT_CREDENTIALS: "6/5" });
});

afterAll(async () => {
  await stack?.close();
});

const SEND = `mutation($c: ID!, $t: String!) { sendMessage(input: { channelArn: $c, content: $t }) { messageId } }`;

async function userWithChannel(name: string): Promise<{ user: ApiUser; channelArn: string }> {
  const user = await stack.user(name);
  const channel = await createChannel(stack, user, { name: `${name}'s` });
  return { user, channelArn: channel.arn };
}

function expectThrottled(response: Awaited<ReturnType<ApiServer["gql"]>>, most: number) {
  expect(response.status).toBe(429);
  expect(response.body.data).toBeUndefined();
  const error = errorOf(response, "THROTTLED");
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(most);
  expect(error.extensions?.retryAfter).toBe(retryAfter);
  expect(error.message).toBe(`Too many requests; retry after ${retryAfter} s.`);
}

test("a burst from one user hits THROTTLED (429, retry-after) while a second user's requests succeed", async () => {
  const alice = await userWithChannel("alice");
  const bob = await userWithChannel("bob");
  const sends = () => stack.proxy.calls.filter((call) => call.method === "POST" && call.path.endsWith("/messages"));
  for (let i = 0; i < 5; i += 1) {
    // Alternating servers: the bucket is in DynamoDB, not in a container.
    const api = i % 2 === 0 ? limited : otherContainer;
    dataOf(await api.gql(alice.user.token, SEND, { c: alice.channelArn, t: `burst ${i}` }));
  }
  const before = sends().length;
  for (const api of [limited, otherContainer]) {
    expectThrottled(await api.gql(alice.user.token, SEND, { c: alice.channelArn, t: "one too many" }), 10);
  }
  expect(sends()).toHaveLength(before); // refused before Chime
  for (let i = 0; i < 5; i += 1) {
    dataOf(await limited.gql(bob.user.token, SEND, { c: bob.channelArn, t: `bob ${i}` }));
  }
  // Other classes of alice's are not touched by her sends.
  dataOf(await limited.gql(alice.user.token, `mutation { markChannelRead(channelArn: "${alice.channelArn}") { id } }`));
});

test("a document is charged per root field: 5 aliased sends take the whole burst of 5", async () => {
  const carol = await userWithChannel("carol");
  const five = Array.from(
    { length: 5 },
    (_, i) => `s${i}: sendMessage(input: { channelArn: "${carol.channelArn}", content: "m${i}" }) { messageId }`,
  );
  dataOf(await limited.gql(carol.user.token, `mutation { ${five.join(" ")} }`));
  expectThrottled(await limited.gql(carol.user.token, SEND, { c: carol.channelArn, t: "sixth" }), 10);
});

test("the bucket refills: after retry-after the user sends again", async () => {
  const api = await stack.startApi({ RATE_LIMIT_SENDS: "30/5" }); // one token every 2 s
  const dave = await userWithChannel("dave");
  const five = Array.from(
    { length: 5 },
    (_, i) => `s${i}: sendMessage(input: { channelArn: "${dave.channelArn}", content: "m${i}" }) { messageId }`,
  );
  dataOf(await api.gql(dave.user.token, `mutation { ${five.join(" ")} }`));
  const refused = await api.gql(dave.user.token, SEND, { c: dave.channelArn, t: "too soon" });
  expectThrottled(refused, 2);
  await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get("retry-after")) * 1000));
  dataOf(await api.gql(dave.user.token, SEND, { c: dave.channelArn, t: "after the wait" }));
  await api.close();
});

test("credentials are limited on their own; queries are not limited by default", async () => {
  const erin = await stack.user("erin");
  for (let i = 0; i < 5; i += 1) dataOf(await limited.gql(erin.token, `mutation { credentials { accessKeyId } }`));
  expectThrottled(await limited.gql(erin.token, `mutation { credentials { accessKeyId } }`), 10);
  for (let i = 0; i < 20; i += 1) dataOf(await limited.gql(erin.token, `{ me { userId } }`));
});

test("RATE_LIMIT_READS limits queries too, per root field", async () => {
  const api = await stack.startApi({ RATE_LIMIT_READS: "6/3" });
  const frank = await stack.user("frank");
  dataOf(await api.gql(frank.token, `{ a: me { userId } b: me { userId } }`));
  dataOf(await api.gql(frank.token, `{ me { userId } }`));
  expectThrottled(await api.gql(frank.token, `{ me { userId } }`), 10);
  await api.close();
});

test("when the limit table fails (here: it does not exist), requests go on (fail open)", async () => {
  const api = await stack.startApi({ RATE_LIMIT_TABLE: "no-such-table", RATE_LIMIT_SENDS: SENDS });
  const grace = await userWithChannel("grace");
  for (let i = 0; i < 7; i += 1) dataOf(await api.gql(grace.user.token, SEND, { c: grace.channelArn, t: `${i}` }));
  await api.close();
});

test("every mutation of the schema has its class", () => {
  const mutations = Object.keys(buildSchema(typeDefs).getMutationType()?.getFields() ?? {});
  expect(mutations.length).toBeGreaterThan(10);
  expect(mutations.filter((name) => MUTATION_CLASSES[name] === undefined)).toEqual([]);
});

describe("RateLimiter against the emulator, with a clock of its own", () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let calls: number;
  let sender: UpdateItemSender;
  let now: number;
  const clock = { now: () => now };

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ host: "127.0.0.1", port: 0, table: "limits" });
    client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    sender = {
      send: (command: UpdateItemCommand) => {
        calls += 1;
        return client.send(command);
      },
    };
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });
  beforeEach(() => {
    calls = 0;
    now = 1_800_000_000_000;
  });

  const limiter = () => new RateLimiter(sender, "limits", { sends: { perMinute: 60, burst: 3 } }, { clock });

  test("a burst of 3, then one a second; retry-after says when", async () => {
    const container = limiter();
    for (let i = 0; i < 3; i += 1) expect(await container.take("u1", "sends")).toEqual({ allowed: true });
    expect(await container.take("u1", "sends")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 999;
    expect((await container.take("u1", "sends")).allowed).toBe(false);
    now += 1;
    expect(await container.take("u1", "sends")).toEqual({ allowed: true });
    expect((await container.take("u1", "sends")).allowed).toBe(false);
    now += 60_000; // idle: the bucket is full again, not fuller
    for (let i = 0; i < 3; i += 1) expect((await container.take("u1", "sends")).allowed).toBe(true);
    expect((await container.take("u1", "sends")).allowed).toBe(false);
    expect((await container.take("u2", "sends")).allowed).toBe(true);
  });

  test("two containers share a bucket; each take is one UpdateItem unless the other changed its state", async () => {
    const [a, b] = [limiter(), limiter()];
    expect((await a.take("v", "sends")).allowed).toBe(true);
    expect(calls).toBe(1);
    expect((await a.take("v", "sends")).allowed).toBe(true);
    expect(calls).toBe(2);
    // b has no hint and guesses "full"; the item says otherwise: a second, right, form.
    expect((await b.take("v", "sends")).allowed).toBe(true);
    expect(calls).toBe(4);
    expect((await a.take("v", "sends")).allowed).toBe(false);
    expect((await b.take("v", "sends")).allowed).toBe(false);
  });

  test("a class without a bucket costs no call; several tokens at once", async () => {
    expect(await limiter().take("w", "channels", 1)).toEqual({ allowed: true });
    expect(calls).toBe(0);
    expect((await limiter().take("w", "sends", 3)).allowed).toBe(true);
    expect((await limiter().take("w", "sends", 1)).allowed).toBe(false);
    expect(await limiter().take("x", "sends", 4)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});
