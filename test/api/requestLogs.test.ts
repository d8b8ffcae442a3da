/**
 * The request's log lines, as the handler writes them (Powertools JSON on stdout): each names its own
 * request and caller, also when requests run at once, and only the container's first request is a
 * cold start, as Lambda reports one.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { startApiStack, type ApiStack } from "../support/apiStack";

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
});
afterAll(async () => {
  await stack?.close();
});

test("each request's lines carry its own id and caller; only the first request is a cold start", async () => {
  // What Lambda sets in an on-demand execution environment; each logger reads it when it is made.
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = "on-demand";
  const logger = new Logger({ serviceName: "request-logs-test", logLevel: "INFO" });
  const api = await stack.startApi({}, { logger });
  const users = [await stack.user("alice"), await stack.user("bob")];
  const lines: Record<string, unknown>[] = [];
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    for (const line of chunk.toString().split("\n")) {
      if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    return true;
  });
  const answers: { id: string | null; sub: string }[] = [];
  try {
    const ask = async (index: number) => {
      const user = users[index % 2];
      const answer = await api.gql(user.token, "{ me { userId } }");
      expect(answer.status).toBe(200);
      answers.push({ id: answer.headers.get("x-request-id"), sub: user.sub });
    };
    await ask(0);
    await ask(1);
    await Promise.all([2, 3, 4, 5, 6, 7].map(ask));
  } finally {
    write.mockRestore();
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    await api.close();
  }
  const requests = lines.filter((line) => line.message === "Request" && line.service === "request-logs-test");
  expect(requests).toHaveLength(answers.length);
  expect(new Set(requests.map((line) => `${line.requestId as string} ${line.sub as string}`))).toEqual(
    new Set(answers.map((answer) => `${answer.id} ${answer.sub}`)),
  );
  for (const line of requests) expect(line.function_request_id).toBe(line.requestId);
  expect(requests.map((line) => line.cold_start)).toEqual([true, ...answers.slice(1).map(() => false)]);
});
