/**
 * A configured duration above the user role's MaxSessionDuration: STS refuses every AssumeRole, which is
 * the operator's misconfiguration. A stack of its own, whose user role allows only 900 s, while the API
 * asks for 1,800 s (within the API's own bounds, so the configuration loads).
 */
import { errorOf } from "../support/apiOperations";
import { startApiStack, type ApiStack } from "../support/apiStack";
import { CREDENTIALS, expectNoStsInternals } from "../support/credentials";
import { captureLogs } from "../support/logs";

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({
    endpoint: { account: { userRoleMaxSessionSeconds: 900 } },
    env: { CREDENTIALS_DURATION_SECONDS: "1800", POWERTOOLS_LOG_LEVEL: "INFO" },
  });
});

afterAll(async () => {
  await stack?.close();
});

function assumeRoleCalls() {
  return stack.proxy.calls.filter((call) => call.form?.Action === "AssumeRole");
}

test("a duration above the role's maximum: INTERNAL_SERVER_ERROR, a configuration error in the log, not cached", async () => {
  const grace = await stack.user("grace");
  const before = assumeRoleCalls().length;
  const { result, lines } = await captureLogs(() => stack.gql(grace.token, CREDENTIALS));
  expect(result.status).toBe(200);
  expect(result.body.data).toBeNull();
  expect(expectNoStsInternals(result, "INTERNAL_SERVER_ERROR").message).toBe("Internal server error.");
  expect(assumeRoleCalls().at(-1)).toMatchObject({ status: 400, form: { DurationSeconds: "1800" } });
  const failure = lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((entry) => entry.message === "STS call failed");
  expect(failure).toMatchObject({
    level: "ERROR",
    awsErrorName: "ValidationError",
    code: "INTERNAL_SERVER_ERROR",
    durationSeconds: 1800,
    operatorHint: expect.stringContaining("CREDENTIALS_DURATION_SECONDS") as string,
  });
  // STS's own text stays out of the log too.
  expect(lines.join("\n")).not.toContain("exceeds the MaxSessionDuration");
  // Not cached: the next call asks STS again.
  const again = await captureLogs(() => stack.gql(grace.token, CREDENTIALS));
  errorOf(again.result, "INTERNAL_SERVER_ERROR");
  expect(assumeRoleCalls().length - before).toBe(2);
});
