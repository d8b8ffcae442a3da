/**
 * The API under Chime's faults, injected by the local endpoint (its control route): each sendMessage
 * either succeeds and is listed exactly once, or answers THROTTLED / UPSTREAM_UNAVAILABLE with
 * `retry-after`; nothing is lost after a success, nothing is duplicated. The SDK retries throttling and
 * 5xx with the ClientRequestToken it filled in once per call, so its retries are idempotent; a client
 * that retries a failed mutation with its own clientRequestToken gets exactly one message too, even when
 * the answer was lost after the message was stored.
 */
import { clearFaults, faultsInForce, setFaults } from "../support/faultControl";
import { createChannel, signIn, type ChannelData } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser, type GraphQLResponse } from "../support/apiStack";
import { messageIdsInOrder } from "../support/channels";

let stack: ApiStack;
let alice: ApiUser;
const target = () => ({ port: stack.t.endpoint.port, developerKey: stack.t.credentials.developer });

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
  alice = await stack.user("alice");
  await signIn(stack, alice);
});
afterEach(() => clearFaults(target()));
afterAll(async () => {
  await stack?.close();
});

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }`;

type Outcome =
  { ok: true; messageId: string } | { ok: false; code: unknown; status: number; retryAfter: string | null };

function outcomeOf(response: GraphQLResponse<{ sendMessage: { messageId: string } | null }>): Outcome {
  const messageId = response.body.data?.sendMessage?.messageId;
  if (messageId && !response.body.errors) return { ok: true, messageId };
  return {
    ok: false,
    code: response.body.errors?.[0]?.extensions?.code,
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
  };
}

/** Runs `task` for 0..count-1 with `concurrency` in flight, results in order. */
async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

async function newChannel(name: string): Promise<ChannelData> {
  return createChannel(stack, alice, { name });
}

test("when the SDK's three attempts are all refused, sendMessage answers the code with retry-after, and stores nothing", async () => {
  const channel = await newChannel("refused");
  for (const [fault, code] of [
    ["throttle", "THROTTLED"],
    ["unavailable", "UPSTREAM_UNAVAILABLE"],
  ] as const) {
    await setFaults(target(), { rules: [{ operations: ["SendChannelMessage"], fault, count: 3 }] });
    const response = await stack.gql<{ sendMessage: { messageId: string } | null }>(alice.token, SEND, {
      input: { channelArn: channel.arn, content: fault },
    });
    expect(outcomeOf(response)).toEqual({ ok: false, code, status: 200, retryAfter: "1" });
    expect((await faultsInForce(target())).rules[0]).toMatchObject({ hits: 3, count: 0 });
  }
  expect(await messageIdsInOrder(stack.t.messaging, channel.arn, alice.arn)).toEqual([]);
});

test("500 sendMessages with 20% throttling and 5% 503s: each succeeds once, or fails with retry-after", async () => {
  const channel = await newChannel("under faults");
  await setFaults(target(), {
    seed: 2024,
    rules: [
      { operations: ["SendChannelMessage"], fault: "throttle", rate: 0.2 },
      { operations: ["SendChannelMessage"], fault: "unavailable", rate: 0.05 },
    ],
  });
  const outcomes = await inParallel(500, 10, async (i) =>
    outcomeOf(await stack.gql(alice.token, SEND, { input: { channelArn: channel.arn, content: `m${i}` } })),
  );
  const [throttled, unavailable] = (await faultsInForce(target())).rules.map((rule) => rule.hits);
  await clearFaults(target());

  // The faults happened, at about their rates (the SDK's retries are calls too).
  expect(throttled).toBeGreaterThan(80);
  expect(unavailable).toBeGreaterThan(15);
  const failures = outcomes.filter((o) => !o.ok);
  for (const failure of failures) {
    expect(["THROTTLED", "UPSTREAM_UNAVAILABLE"]).toContain(failure.code);
    expect(failure.status).toBe(200); // a resolver's error: the other fields of the request still run
    expect(failure.retryAfter).toBe("1");
  }
  const succeeded = outcomes.flatMap((o) => (o.ok ? [o.messageId] : []));
  expect(succeeded.length + failures.length).toBe(500);
  expect(succeeded.length).toBeGreaterThan(400);

  const listed = await messageIdsInOrder(stack.t.messaging, channel.arn, alice.arn);
  expect(new Set(listed).size).toBe(listed.length); // none duplicated
  expect([...listed].sort()).toEqual([...succeeded].sort()); // none lost after success, none stored after a failure
  // 500 requests through the handler, and the SDK's own backoff before each retry (0.5 s for throttling).
}, 90_000);

test("answers lost after the message was stored: a client retrying with its clientRequestToken gets one message each", async () => {
  const channel = await newChannel("lost answers");
  await setFaults(target(), {
    seed: 7,
    rules: [
      // The SDK retries these with the same token: the retry finds the stored message.
      { operations: ["SendChannelMessage"], fault: "unavailable", rate: 0.2, when: "after" },
      { operations: ["SendChannelMessage"], fault: "drop", rate: 0.1, when: "after" },
      { operations: ["SendChannelMessage"], fault: "throttle", rate: 0.1 },
    ],
  });
  const sends = 100;
  const attempts: number[] = [];
  const messageIds = await inParallel(sends, 10, async (i) => {
    const input = { channelArn: channel.arn, content: `retried ${i}`, clientRequestToken: `send-${i}` };
    for (let attempt = 1; ; attempt++) {
      const outcome = outcomeOf(await stack.gql(alice.token, SEND, { input }));
      if (outcome.ok) {
        attempts.push(attempt);
        return outcome.messageId;
      }
      expect(outcome.retryAfter).toBe("1");
      if (attempt === 10) throw new Error(`send ${i} failed 10 times: ${String(outcome.code)}`);
    }
  });
  const [lost, dropped] = (await faultsInForce(target())).rules.map((rule) => rule.hits);
  await clearFaults(target());
  expect(lost).toBeGreaterThan(10);
  expect(dropped).toBeGreaterThan(3);

  const listed = await messageIdsInOrder(stack.t.messaging, channel.arn, alice.arn);
  expect(listed).toHaveLength(sends);
  expect([...listed].sort()).toEqual([...new Set(messageIds)].sort());
  expect(new Set(messageIds).size).toBe(sends);
});
