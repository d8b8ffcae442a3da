import { BadRequestException, CreateAppInstanceCommand } from "@aws-sdk/client-chime-sdk-identity";
import { startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("creates an app instance with 201 and an ARN in the documented format", async () => {
  const result = await t.identity.send(new CreateAppInstanceCommand({ Name: "chat", Metadata: "m" }));
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.AppInstanceArn).toMatch(/^arn:aws:chime:us-east-1:111122223333:app-instance\/[-a-f0-9]{36}$/);
});

test("a repeated ClientRequestToken returns the first app instance", async () => {
  const input = { Name: "once", ClientRequestToken: "token-create-app-1" };
  const first = await t.identity.send(new CreateAppInstanceCommand(input));
  const second = await t.identity.send(new CreateAppInstanceCommand(input));
  expect(second.AppInstanceArn).toBe(first.AppInstanceArn);
});

test.each([
  ["an empty name", { Name: "" }],
  ["a blank name", { Name: "   " }],
  ["a name over 256 characters", { Name: "n".repeat(257) }],
  ["metadata over 1024 characters", { Name: "x", Metadata: "m".repeat(1025) }],
  ["a one-character ClientRequestToken", { Name: "x", ClientRequestToken: "a" }],
])("%s is a BadRequestException", async (_, input) => {
  await expect(t.identity.send(new CreateAppInstanceCommand(input))).rejects.toBeInstanceOf(BadRequestException);
});
