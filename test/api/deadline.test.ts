/**
 * A request's deadline (src/aws/deadline.ts): whatever does not answer, the caller gets an answer before
 * the Lambda's timeout, with `retry-after`, and the log says what did not answer. Served over HTTP with
 * a short function timeout; Chime's silence is the local endpoint's delay fault, the token keys' silence
 * a JWKS server that never answers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Logger } from "@aws-lambda-powertools/logger";
import { DEADLINE_EXCEEDED, requestDeadline, type Deadline } from "../../src/aws/deadline";
import { createChannel, signIn, type ChannelData } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack, type ApiUser } from "../support/apiStack";
import { clearFaults, setFaults } from "../support/faultControl";
import { captureLogs, jsonLines } from "../support/logs";

let stack: ApiStack;
let alice: ApiUser;
let channel: ChannelData;
const target = () => ({ port: stack.t.endpoint.port, developerKey: stack.t.credentials.developer });

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
  alice = await stack.user("alice");
  await signIn(stack, alice);
  channel = await createChannel(stack, alice);
});
afterEach(() => clearFaults(target()));
afterAll(async () => {
  await stack?.close();
});

/** The handler's JSON log lines while `run` runs, with a logger of its own. */
async function logsOf<T>(
  run: (logger: Logger) => Promise<T>,
): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const logger = new Logger({ serviceName: "deadline-test", logLevel: "INFO" });
  const { result, lines } = await captureLogs(() => run(logger));
  return { result, lines: jsonLines(lines) };
}

async function withApi<T>(
  logger: Logger,
  timeoutMs: number,
  env: Record<string, string>,
  use: (api: ApiServer) => Promise<T>,
): Promise<T> {
  const api = await stack.startApi(env, { logger }, { timeoutMs });
  try {
    return await use(api);
  } finally {
    await api.close();
  }
}

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }`;

test("a Chime call still unanswered at the deadline is aborted and fails as an unavailable Chime does", async () => {
  // A 3.5 s function: the call is aborted at 2.5 s (the rest of the request takes milliseconds); Chime
  // would answer at 6 s.
  await setFaults(target(), {
    rules: [{ operations: ["SendChannelMessage"], fault: "delay", delayMs: 6000, count: 1 }],
  });
  const { result: answer, lines } = await logsOf((logger) =>
    withApi(logger, 3500, {}, (api) =>
      api.gql<{ sendMessage: unknown }>(alice.token, SEND, { input: { channelArn: channel.arn, content: "hi" } }),
    ),
  );
  expect(answer.status).toBe(200);
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["UPSTREAM_UNAVAILABLE"]);
  expect(answer.headers.get("retry-after")).toBe("1");
  const requestId = answer.headers.get("x-request-id");
  const failed = lines.filter((line) => line.message === "Chime call failed");
  expect(failed).toEqual([
    expect.objectContaining({
      operation: "SendChannelMessage",
      awsErrorName: "RequestDeadlineExceeded",
      code: "UPSTREAM_UNAVAILABLE",
      requestId,
      sub: alice.sub,
    }),
  ]);
  // Aborted in time: the handler did not have to answer without the operation.
  expect(lines.filter((line) => line.message === "Request deadline reached")).toEqual([]);
  expect(lines.filter((line) => line.message === "Request")).toEqual([
    expect.objectContaining({ requestId, status: 200 }),
  ]);
});

test("a new user whose provisioning is unanswered at the deadline gets 503 with retry-after", async () => {
  const bob = await stack.user("bob");
  await setFaults(target(), {
    rules: [{ operations: ["CreateAppInstanceUser"], fault: "delay", delayMs: 6000, count: 1 }],
  });
  const { result: answer, lines } = await logsOf((logger) =>
    withApi(logger, 3500, {}, (api) => api.gql(bob.token, "{ me { userId } }")),
  );
  expect(answer.status).toBe(503);
  expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["UPSTREAM_UNAVAILABLE"]);
  expect(answer.headers.get("retry-after")).toBe("1");
  expect(lines).toContainEqual(
    expect.objectContaining({
      message: "Chime call failed",
      operation: "CreateAppInstanceUser",
      awsErrorName: "RequestDeadlineExceeded",
    }),
  );
  // Forgotten after the failure: bob's next request provisions him.
  expect((await stack.gql(bob.token, "{ me { userId } }")).body).toEqual({ data: { me: { userId: bob.sub } } });
});

test("an AssumeRole still unanswered at the deadline is aborted: the credentials are UPSTREAM_UNAVAILABLE", async () => {
  await setFaults(target(), { rules: [{ operations: ["AssumeRole"], fault: "delay", delayMs: 6000, count: 1 }] });
  const { result: answer, lines } = await logsOf((logger) =>
    withApi(logger, 3500, {}, (api) => api.gql(alice.token, "mutation { credentials { accessKeyId } }")),
  );
  expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["UPSTREAM_UNAVAILABLE"]);
  expect(answer.headers.get("retry-after")).toBe("1");
  expect(lines).toContainEqual(
    expect.objectContaining({ message: "STS call failed", awsErrorName: "RequestDeadlineExceeded" }),
  );
});

describe("token keys that never come", () => {
  let silent: Server;
  let jwksUri: string;
  beforeAll(async () => {
    // Accepts the connection and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    jwksUri = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  test("the handler answers 503 without them before the timeout, and the log names the stage", async () => {
    // A 1.5 s function: no AWS call to abort at 0.5 s; the keys' own limit (3 s) is after the timeout.
    const { result: answer, lines } = await logsOf((logger) =>
      withApi(logger, 1500, { COGNITO_JWKS_URI: jwksUri }, (api) => api.gql(alice.token, "{ me { userId } }")),
    );
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["UPSTREAM_UNAVAILABLE"]);
    expect(answer.headers.get("retry-after")).toBe("1");
    const requestId = answer.headers.get("x-request-id");
    expect(answer.body.errors?.[0].extensions?.requestId).toBe(requestId);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "ERROR", message: "Request deadline reached", stage: "caller", requestId }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ message: "Request", status: 503, requestId }));
  });
});

describe("the deadline itself", () => {
  test("aborts its signal with the deadline's reason, then settles `passed`; a cleared one never does", async () => {
    const ended = requestDeadline(0) as Deadline;
    const signal = ended.signal as AbortSignal;
    await ended.passed;
    expect(ended.expired).toBe(true);
    expect((signal.reason as Error).name).toBe(DEADLINE_EXCEEDED);
    ended.clear();

    const cleared = requestDeadline(600) as Deadline;
    cleared.clear();
    const settled = await Promise.race([cleared.passed.then(() => true), sleep(800).then(() => false)]);
    expect(settled).toBe(false);
    expect(cleared.expired).toBe(false);
    expect(cleared.signal).toBeUndefined();
  });

  test("a signal serves the next request only if it was never aborted", async () => {
    const first = requestDeadline(60_000) as Deadline;
    const kept = first.signal;
    first.clear();
    const second = requestDeadline(60_000) as Deadline;
    expect(second.signal).toBe(kept);
    second.clear();

    const aborted = requestDeadline(0) as Deadline;
    await aborted.passed;
    const spent = aborted.signal;
    aborted.clear();
    const next = requestDeadline(60_000) as Deadline;
    expect(next.signal).not.toBe(spent);
    expect(next.signal?.aborted).toBe(false);
    next.clear();
  });

  test("no deadline when the runtime does not say how much time is left", () => {
    expect(requestDeadline(undefined)).toBeUndefined();
    expect(requestDeadline(Number.NaN)).toBeUndefined();
  });
});
