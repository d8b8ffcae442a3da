import {
  BadRequestException,
  ConflictException,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let appInstanceArn: string;
beforeAll(async () => {
  t = await startTestEndpoint();
  appInstanceArn = (await t.identity.send(new CreateAppInstanceCommand({ Name: "app" }))).AppInstanceArn as string;
});
afterAll(() => t.close());

const create = (id: string, extra: object = {}) =>
  t.identity.send(
    new CreateAppInstanceUserCommand({ AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: id, ...extra }),
  );

test("creates a user whose ARN ends with the chosen id", async () => {
  const result = await create("alice@example.com");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.AppInstanceUserArn).toBe(`${appInstanceArn}/user/alice@example.com`);
});

test("the same id twice is a ConflictException, the same token twice returns the first user", async () => {
  await create("bob", { ClientRequestToken: "user-token-bob" });
  await expect(create("bob", { ClientRequestToken: "user-token-bob" })).resolves.toMatchObject({
    AppInstanceUserArn: `${appInstanceArn}/user/bob`,
  });
  await expect(create("bob")).rejects.toBeInstanceOf(ConflictException);
});

test.each([
  ["an id with a space", "has space", {}],
  ["an id ending in a dash", "carol-", {}],
  ["an id over 64 characters", "u".repeat(65), {}],
  ["a name over 100 characters", "dave", { Name: "n".repeat(101) }],
  ["a blank name", "erin", { Name: " " }],
  [
    "expiration days out of range",
    "frank",
    { ExpirationSettings: { ExpirationDays: 0, ExpirationCriterion: "CREATED_TIMESTAMP" } },
  ],
])("%s is a BadRequestException", async (_, id, extra) => {
  await expect(create(id, extra)).rejects.toBeInstanceOf(BadRequestException);
});

test("a user of an app instance that does not exist is a ForbiddenException", async () => {
  await expect(
    t.identity.send(
      new CreateAppInstanceUserCommand({
        AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/missing",
        AppInstanceUserId: "x",
        Name: "x",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
