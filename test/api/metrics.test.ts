/**
 * The API's metrics over HTTP: the real handler, the local endpoint, tokens from the test issuer, and
 * the per-user limits in the DynamoDB emulator. What it writes is Powertools Metrics' own embedded
 * metric format (serializeMetrics) and Powertools Logger's lines, recorded instead of printed: after
 * each request, its log line carrying its first Chime operation and outcome, then one line per other
 * Chime operation and outcome and one per other series, with the dimensions the alarms and the
 * dashboard read (deploy/monitoring.js), and without a warning from Powertools.
 */
import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { ApiMetrics, outcomeOf, PowertoolsMetrics } from "../../src/metrics/apiMetrics";
import { CREDENTIALS } from "../support/credentials";
import { createChannel, dataOf, errorOf } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack } from "../support/apiStack";

type EmfLine = ReturnType<Metrics["serializeMetrics"]>;

/** Powertools' Metrics, keeping each EMF line it would print, and each warning it would log. */
class RecordedMetrics extends PowertoolsMetrics {
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

  /** On, whatever the environment: the stack's APIs run with POWERTOOLS_METRICS_DISABLED. */
  override get off(): boolean {
    return false;
  }

  override publishStoredMetrics(): this {
    this.lines.push(this.serializeMetrics());
    this.clearMetrics();
    this.clearDimensions();
    return this;
  }
}

/** Powertools' Logger and its children (the request loggers), keeping each line as it would print it. */
class RecordedLogger extends Logger {
  constructor(
    readonly printed: Record<string, unknown>[],
    options: ConstructorOptions,
  ) {
    super(options);
  }

  protected override printLog(_level: number, log: LogItem): void {
    log.prepareForPrint();
    this.printed.push(
      JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())) as Record<string, unknown>,
    );
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new RecordedLogger(this.printed, { ...options, logLevel: this.getLevelName() });
  }
}

const SERVICE = "chime-chat-api-test";
let stack: ApiStack;
let api: ApiServer;
let recorded: RecordedMetrics;
const printed: Record<string, unknown>[] = [];

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", rateLimits: true });
  recorded = new RecordedMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE });
  const metrics = new ApiMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE, createMetrics: () => recorded });
  const logger = new RecordedLogger(printed, { serviceName: SERVICE, logLevel: "INFO" });
  api = await stack.startApi({ RATE_LIMIT_SENDS: "6/5" }, { metrics, logger });
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  expect(recorded.warnings).toEqual([]);
});

/** What CloudWatch reads of an EMF line: `{dimension values..., metric: value}`, namespace, dimension sets. */
function emfOf(line: Record<string, unknown>) {
  const { _aws } = line as EmfLine;
  const [declaration] = _aws.CloudWatchMetrics;
  const members = [...declaration.Dimensions.flat(), ...declaration.Metrics.map((metric) => metric.Name)];
  return {
    values: Object.fromEntries(members.map((member) => [member, line[member]])),
    namespace: declaration.Namespace,
    dimensions: declaration.Dimensions,
  };
}

/** The EMF lines one request wrote, in order: its log line's (if it carries any), then the metrics' own. */
async function linesOf(request: () => Promise<unknown>) {
  const [logged, start] = [printed.length, recorded.lines.length];
  await request();
  const carried = printed.slice(logged).filter((line) => line.message === "Request" && "_aws" in line);
  return [...carried, ...(recorded.lines.slice(start) as Record<string, unknown>[])].map(emfOf);
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

test("the request's log line carries its first Chime call's metrics: a send writes one line", async () => {
  const frank = await stack.user("frank");
  const channel = await createChannel(api, frank, { name: "frank's" });
  const [logged, start] = [printed.length, recorded.lines.length];
  dataOf(
    await api.gql(
      frank.token,
      `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "hi" }) { messageId } }`,
      {
        c: channel.arn,
      },
    ),
  );
  const lines = printed.slice(logged);
  expect(lines).toHaveLength(1);
  // The log line as it was, and a valid EMF line besides.
  expect(lines[0]).toMatchObject({ level: "INFO", message: "Request", service: SERVICE, status: 200, sub: frank.sub });
  const emf = emfOf(lines[0]);
  expect(emf.values).toEqual({ service: SERVICE, operation: "SendChannelMessage", outcome: "ok", ChimeCalls: 1 });
  expect(emf.namespace).toBe("ChimeChatApi");
  expect(sets(emf.dimensions)).toEqual([
    ["operation", "outcome", "service"],
    ["outcome", "service"],
  ]);
  expect(recorded.lines.slice(start)).toEqual([]);
});

test("when the request's line is not written (a level above INFO), its metrics are lines of their own", async () => {
  const quiet: Record<string, unknown>[] = [];
  const own = new RecordedMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE });
  const quietApi = await stack.startApi(
    {},
    {
      metrics: new ApiMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE, createMetrics: () => own }),
      logger: new RecordedLogger(quiet, { serviceName: SERVICE, logLevel: "WARN" }),
    },
  );
  const grace = await stack.user("grace");
  await createChannel(quietApi, grace, { name: "grace's" });
  expect(quiet).toEqual([]);
  expect(own.lines.map((line) => emfOf(line as Record<string, unknown>).values)).toContainEqual({
    service: SERVICE,
    operation: "CreateChannel",
    outcome: "ok",
    ChimeCalls: 1,
  });
  expect(own.warnings).toEqual([]);
});

test("metrics off (POWERTOOLS_METRICS_DISABLED): no log line carries any", () => {
  const before = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  try {
    const metrics = new ApiMetrics({ namespace: "ChimeChatApi", serviceName: SERVICE });
    metrics.chimeCall("SendChannelMessage", "ok");
    expect(metrics.forLogLine()).toBeUndefined();
  } finally {
    if (before === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = before;
  }
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
