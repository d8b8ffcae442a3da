import {
  BadRequestException,
  ConflictException,
  CreateAppInstanceCommand,
  DescribeAppInstanceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("creates an app instance with 201 and an ARN in the documented format", async () => {
  const result = await t.identity.send(new CreateAppInstanceCommand({ Name: "chat", Metadata: "m" }));
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.AppInstanceArn).toMatch(/^arn:aws:chime:us-east-1:111122223333:app-instance\/[-a-f0-9]{36}$/);
  const { AppInstance } = await t.identity.send(
    new DescribeAppInstanceCommand({ AppInstanceArn: result.AppInstanceArn }),
  );
  expect(AppInstance).toMatchObject({ AppInstanceArn: result.AppInstanceArn, Name: "chat", Metadata: "m" });
});

test("each app instance gets its own ARN", async () => {
  const one = await t.identity.send(new CreateAppInstanceCommand({ Name: "same" }));
  const two = await t.identity.send(new CreateAppInstanceCommand({ Name: "same" }));
  expect(one.AppInstanceArn).not.toBe(two.AppInstanceArn);
});

test("a repeated ClientRequestToken returns the first app instance", async () => {
  const input = { Name: "once", ClientRequestToken: "token-create-app-1" };
  const first = await t.identity.send(new CreateAppInstanceCommand(input));
  const second = await t.identity.send(new CreateAppInstanceCommand(input));
  expect(second.$metadata.httpStatusCode).toBe(201);
  expect(second.AppInstanceArn).toBe(first.AppInstanceArn);
});

test("a ClientRequestToken reused with other parameters is a ConflictException", async () => {
  await t.identity.send(new CreateAppInstanceCommand({ Name: "first", ClientRequestToken: "token-create-app-2" }));
  await expect(
    t.identity.send(new CreateAppInstanceCommand({ Name: "second", ClientRequestToken: "token-create-app-2" })),
  ).rejects.toBeInstanceOf(ConflictException);
});

test.each([
  ["an empty name", { Name: "" }],
  ["a name with a control character", { Name: "bell\u0007" }],
  ["a name over 256 characters", { Name: "n".repeat(257) }],
  ["metadata over 1024 characters", { Name: "x", Metadata: "m".repeat(1025) }],
  ["a one-character ClientRequestToken", { Name: "x", ClientRequestToken: "a" }],
  ["a ClientRequestToken with a space", { Name: "x", ClientRequestToken: "a b" }],
  ["an empty tag list", { Name: "x", Tags: [] }],
  ["a tag key over 128 characters", { Name: "x", Tags: [{ Key: "k".repeat(129), Value: "v" }] }],
])("%s is a BadRequestException", async (_, input) => {
  await expect(t.identity.send(new CreateAppInstanceCommand(input))).rejects.toBeInstanceOf(BadRequestException);
});

test("names of exactly 256 characters and metadata of exactly 1024 are accepted", async () => {
  const result = await t.identity.send(
    new CreateAppInstanceCommand({ Name: "n".repeat(256), Metadata: "m".repeat(1024) }),
  );
  expect(result.$metadata.httpStatusCode).toBe(201);
});
