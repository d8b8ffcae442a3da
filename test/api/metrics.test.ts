/**
 * The API's metrics over HTTP: the real handler, the local endpoint, tokens from the test issuer, and
 * the per-user limits in the DynamoDB emulator. What it writes is Powertools Metrics' own embedded
 * metric format (serializeMetrics), recorded instead of printed: after each request, one line per
 * Chime operation and outcome and one per other series, with the dimensions the alarms and the
 * dashboard read (deploy/monitoring.js), and without a warning from Powertools.
 */
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ApiMetrics, outcomeOf } from "../../src/metrics/apiMetrics";
import { CREDENTIALS } from "../support/credentials";
import { createChannel, dataOf, errorOf } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack } from "../support/apiStack";

type EmfLine = ReturnType<Metrics["serializeMetrics"]>;

/** Powertools' Metrics, keeping each EMF line it would print, and each warning it would log. */
class RecordedMetrics extends Metrics {
  readonly lines: EmfLine[] = [];
  readonly warnings: unknown[] = [];

  constructor(options: ConstructorParameters<typeof Metrics>[0]) {
    super({
      ...options,
      logger: {
        warn: (...args: unknown[]) => this.warnings.push(args),
        debug: () => undefined,
        info: () => undefined,
        error: (...args: unknown[]) => this.warnings.push(args),
      },
    });
  }

  override publishStoredMetrics(): this {
    this.lines.push(this.serializeMetrics());
    this.clearMetrics();
    this.clearDimensions();
    return this;
  }
}

const SERVICE = "chime-chat-api-test";
let stack: ApiStack;
let api: ApiServer;
let recorded: RecordedMetrics;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", rateLimits: true });
  recorded = new RecordedMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE });
  const metrics = new ApiMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE, createMetrics: () => recorded });
  api = await stack.startApi({ RATE_LIMIT_SENDS: "6/5" }, { metrics });
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  expect(recorded.warnings).toEqual([]);
});

/** The lines one request wrote, as `{dimension values..., metric: value}` and their dimension sets. */
async function linesOf(request: () => Promise<unknown>) {
  const start = recorded.lines.length;
  await request();
  return recorded.lines.slice(start).map((line) => {
    const { _aws, ...values } = line as EmfLine & Record<string, unknown>;
    const [declaration] = _aws.CloudWatchMetrics;
    return { values, namespace: declaration.Namespace, dimensions: declaration.Dimensions };
  });
}

/** A line's dimension sets, each sorted (CloudWatch names a series by the set, not the order). */
const sets = (dimensions: string[][]) => dimensions.map((set) => [...set].sort());

test("each Chime call is counted by operation and outcome, and written when the request ends", async () => {
  const alice = await stack.user("alice");
  const lines = await linesOf(() => createChannel(api, alice, { name: "metrics" }));
  // Alice's first request: her AppInstanceUser is provisioned, then the channel made (and whatever
  // else the resolver asks Chime), each call once, all of them answered.
  expect(lines.slice(0, 2).map((line) => line.values)).toEqual([
    { service: SERVICE, operation: "CreateAppInstanceUser", outcome: "ok", ChimeCalls: 1 },
    { service: SERVICE, operation: "CreateChannel", outcome: "ok", ChimeCalls: 1 },
  ]);
  for (const line of lines) {
    expect(line.values).toMatchObject({ service: SERVICE, outcome: "ok", ChimeCalls: 1 });
    expect(line.namespace).toBe("ChimeChatApi");
    // Each line counts in two series: the dashboard's drill-down by operation and outcome, and the
    // total by outcome, which the alarms watch (CloudWatch adds it up over the lines).
    expect(sets(line.dimensions)).toEqual([
      ["operation", "outcome", "service"],
      ["outcome", "service"],
    ]);
  }
  // A request's next lines start again from the service alone.
  const next = await linesOf(() => createChannel(api, alice, { name: "metrics 2" }));
  expect(next[0].values).toEqual({ service: SERVICE, operation: "CreateChannel", outcome: "ok", ChimeCalls: 1 });
});

test("a call Chime refuses is `refused`, under its operation", async () => {
  const bob = await stack.user("bob");
  const carol = await stack.user("carol");
  const channel = await createChannel(api, bob, { name: "bob's", privacy: "PRIVATE" });
  await createChannel(api, carol, { name: "carol's" });
  const lines = await linesOf(async () => {
    const response = await api.gql(
      carol.token,
      `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "hi" }) { messageId } }`,
      { c: channel.arn },
    );
    errorOf(response, "FORBIDDEN");
  });
  expect(lines.map((line) => line.values)).toEqual([
    { service: SERVICE, operation: "SendChannelMessage", outcome: "refused", ChimeCalls: 1 },
  ]);
});

test("refused tokens are counted by reason, with a total", async () => {
  const missing = await linesOf(() => api.gql(undefined, "{ me { arn } }"));
  expect(missing).toEqual([
    {
      values: { service: SERVICE, reason: "missing", AuthFailures: 1 },
      namespace: "ChimeChatApi",
      dimensions: [["service", "reason"], ["service"]],
    },
  ]);
  const other = stack.issuer?.token({ claims: { iss: "https://other.example.com" } });
  const expired = stack.issuer?.token({ claims: { exp: Math.floor(Date.now() / 1000) - 60 } });
  expect((await linesOf(() => api.gql(other, "{ me { arn } }")))[0].values).toMatchObject({ reason: "invalid" });
  expect((await linesOf(() => api.gql(expired, "{ me { arn } }")))[0].values).toMatchObject({ reason: "expired" });
});

test("credentials: one STS call counted, none for credentials from the cache", async () => {
  const dave = await stack.user("dave");
  await createChannel(api, dave, { name: "dave's" });
  const first = await linesOf(async () => dataOf(await api.gql(dave.token, CREDENTIALS)));
  expect(first.map((line) => line.values)).toContainEqual({ service: SERVICE, outcome: "ok", StsCalls: 1 });
  expect(first.find((line) => line.values.StsCalls !== undefined)?.dimensions).toEqual([["service", "outcome"]]);
  const cached = await linesOf(async () => dataOf(await api.gql(dave.token, CREDENTIALS)));
  expect(cached.filter((line) => line.values.StsCalls !== undefined)).toEqual([]);
});

test("a request over a per-user limit is counted under the limit's class", async () => {
  const erin = await stack.user("erin");
  const channel = await createChannel(api, erin, { name: "erin's" });
  const send = () =>
    api.gql(erin.token, `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "x" }) { messageId } }`, {
      c: channel.arn,
    });
  for (let i = 0; i < 5; i++) dataOf(await send());
  const lines = await linesOf(async () => errorOf(await send(), "THROTTLED"));
  expect(lines).toEqual([
    {
      values: { service: SERVICE, limit: "sends", RateLimited: 1 },
      namespace: "ChimeChatApi",
      dimensions: [["service", "limit"], ["service"]],
    },
  ]);
});

test("outcomes: throttling, our own or AWS's failures, and the caller's refusals", () => {
  expect(outcomeOf("THROTTLED")).toBe("throttled");
  expect(outcomeOf("UPSTREAM_UNAVAILABLE")).toBe("failed");
  expect(outcomeOf("INTERNAL_SERVER_ERROR")).toBe("failed");
  for (const code of ["BAD_USER_INPUT", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "UNAUTHENTICATED"] as const)
    expect(outcomeOf(code)).toBe("refused");
});
