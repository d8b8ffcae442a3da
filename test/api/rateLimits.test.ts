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

test("sends that do not wait for DynamoDB still stop at the limit: a burst of 10, then THROTTLED", async () => {
  // A burst large enough that this container decides most sends before DynamoDB answers.
  const api = await stack.startApi({ RATE_LIMIT_SENDS: "6/10" });
  const heidi = await userWithChannel("heidi");
  const sends = () => stack.proxy.calls.filter((call) => call.method === "POST" && call.path.endsWith("/messages"));
  const before = sends().length;
  for (let i = 0; i < 10; i += 1) dataOf(await api.gql(heidi.user.token, SEND, { c: heidi.channelArn, t: `${i}` }));
  expectThrottled(await api.gql(heidi.user.token, SEND, { c: heidi.channelArn, t: "eleventh" }), 10);
  expect(sends().length - before).toBe(10);
  await api.close();
});

test("a container whose view of the bucket is behind lets one send over the limit, logs it, then refuses", async () => {
  const env = { RATE_LIMIT_SENDS: "6/10", POWERTOOLS_LOG_LEVEL: "INFO" };
  const [a, b] = [await stack.startApi(env), await stack.startApi(env)];
  const ivan = await userWithChannel("ivan");
  const send = (api: ApiServer, t: string) => api.gql(ivan.user.token, SEND, { c: ivan.channelArn, t });
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...chunk.toString().split("\n"));
    return true;
  });
  try {
    dataOf(await send(a, "a learns the bucket"));
    for (let i = 0; i < 9; i += 1) dataOf(await send(b, `b ${i}`));
    // a still sees 9 tokens: it does not wait for DynamoDB, which finds the bucket empty.
    dataOf(await send(a, "over the limit"));
    expectThrottled(await send(a, "refused"), 10);
    expectThrottled(await send(b, "refused"), 10);
  } finally {
    write.mockRestore();
    await a.close();
    await b.close();
  }
  const over = lines.filter((line) => line.includes('"message":"Request let through over its limit"'));
  expect(
    over.map((line) => JSON.parse(line) as { class: string; sub: string }).map((entry) => [entry.class, entry.sub]),
  ).toEqual([["sends", ivan.user.sub]]);
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

  describe("begin: deciding before DynamoDB answers", () => {
    const wide = () => new RateLimiter(sender, "limits", { sends: { perMinute: 60, burst: 10 } }, { clock });
    const allowed = async (take: { decision: Promise<{ allowed: boolean }> }) => (await take.decision).allowed;

    test("unknown or less than half left: it waits; otherwise at once, one UpdateItem either way", async () => {
      const container = wide();
      const first = container.begin("b1", "sends");
      expect(first.early).toBe(false);
      expect(await first.decision).toEqual({ allowed: true });
      const begun = [];
      for (let i = 1; i < 10; i += 1) {
        const take = container.begin("b1", "sends");
        begun.push(take);
        await take.recorded;
      }
      // 9 left after the first take: at once while at least 5 are left after the take, then waiting.
      expect(begun.map((take) => take.early)).toEqual([true, true, true, true, false, false, false, false, false]);
      expect(await Promise.all(begun.map(allowed))).toEqual(begun.map(() => true));
      expect(calls).toBe(10);
      const eleventh = container.begin("b1", "sends");
      expect(eleventh.early).toBe(false);
      expect(await eleventh.decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
    });

    test("requests of one container at once count each other's takes", async () => {
      const container = wide();
      await container.begin("b2", "sends").recorded;
      const takes = Array.from({ length: 12 }, () => container.begin("b2", "sends"));
      expect(takes.filter((take) => take.early)).toHaveLength(4);
      const decisions = await Promise.all(takes.map(allowed));
      expect(decisions.filter(Boolean)).toHaveLength(9);
      await Promise.all(takes.map((take) => take.recorded));
    });

    test("another container emptied the bucket: one request over, recorded as refused, then it waits", async () => {
      const [a, b] = [wide(), wide()];
      await a.begin("b3", "sends").recorded;
      for (let i = 0; i < 9; i += 1) expect((await b.take("b3", "sends")).allowed).toBe(true);
      const over = a.begin("b3", "sends");
      expect(over.early).toBe(true);
      expect(await over.decision).toEqual({ allowed: true });
      expect((await over.recorded).allowed).toBe(false);
      const next = a.begin("b3", "sends");
      expect(next.early).toBe(false);
      expect((await next.decision).allowed).toBe(false);
    });

    test("a DynamoDB failure after an early decision reaches `recorded`", async () => {
      const failing = new RateLimiter(
        {
          send: async (command: UpdateItemCommand) => {
            if (calls++ > 0) throw new Error("DynamoDB is down");
            return client.send(command);
          },
        },
        "limits",
        { sends: { perMinute: 60, burst: 10 } },
        { clock },
      );
      await failing.begin("b4", "sends").recorded;
      const take = failing.begin("b4", "sends");
      expect(take.early).toBe(true);
      await expect(take.recorded).rejects.toThrow("DynamoDB is down");
    });
  });

  test("a class without a bucket costs no call; several tokens at once", async () => {
    expect(await limiter().take("w", "channels", 1)).toEqual({ allowed: true });
    expect(calls).toBe(0);
    expect((await limiter().take("w", "sends", 3)).allowed).toBe(true);
    expect((await limiter().take("w", "sends", 1)).allowed).toBe(false);
    expect(await limiter().take("x", "sends", 4)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});
