import {
  BadRequestException,
  ConflictException,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { useTestEndpoint } from "../../../../test/support/localEndpoint";

let appInstanceArn: string;
const t = useTestEndpoint();
beforeAll(async () => {
  appInstanceArn = (await t.identity.send(new CreateAppInstanceCommand({ Name: "app" }))).AppInstanceArn as string;
});

const create = (id: string, extra: object = {}) =>
  t.identity.send(
    new CreateAppInstanceUserCommand({ AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: id, ...extra }),
  );

test("creates a user with 201 whose ARN is the app instance ARN, /user/ and the chosen id", async () => {
  const result = await create("alice@example.com");
  expect(result.$metadata.httpStatusCode).toBe(201);
  expect(result.AppInstanceUserArn).toMatch(
    /^arn:aws:chime:us-east-1:111122223333:app-instance\/[-a-f0-9]{36}\/user\/alice@example\.com$/,
  );
  expect(result.AppInstanceUserArn).toBe(`${appInstanceArn}/user/alice@example.com`);
});

test("stores name, metadata and expiration settings", async () => {
  const ExpirationSettings = { ExpirationDays: 30, ExpirationCriterion: "CREATED_TIMESTAMP" as const };
  const { AppInstanceUserArn } = await create("zoe", { Name: "Zoe Z.", Metadata: "{}", ExpirationSettings });
  const { AppInstanceUser } = await t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn }));
  expect(AppInstanceUser).toMatchObject({ AppInstanceUserArn, Name: "Zoe Z.", Metadata: "{}", ExpirationSettings });
});

test("the same id twice is a ConflictException, the same token twice returns the first user", async () => {
  await create("bob", { ClientRequestToken: "user-token-bob" });
  const again = await create("bob", { ClientRequestToken: "user-token-bob" });
  expect(again.$metadata.httpStatusCode).toBe(201);
  expect(again.AppInstanceUserArn).toBe(`${appInstanceArn}/user/bob`);
  await expect(create("bob")).rejects.toBeInstanceOf(ConflictException);
  await expect(create("bob", { ClientRequestToken: "user-token-bob-2" })).rejects.toBeInstanceOf(ConflictException);
});

test("a ClientRequestToken reused for another user is a ConflictException", async () => {
  await create("gina", { ClientRequestToken: "user-token-shared" });
  await expect(create("hank", { ClientRequestToken: "user-token-shared" })).rejects.toBeInstanceOf(ConflictException);
});

test("the same id in another app instance is another user", async () => {
  const other = (await t.identity.send(new CreateAppInstanceCommand({ Name: "other" }))).AppInstanceArn as string;
  await create("ivan");
  const result = await t.identity.send(
    new CreateAppInstanceUserCommand({ AppInstanceArn: other, AppInstanceUserId: "ivan", Name: "ivan" }),
  );
  expect(result.AppInstanceUserArn).toBe(`${other}/user/ivan`);
});

test.each([
  ["an id with a space", "has space", {}],
  ["an id ending in a dash", "carol-", {}],
  ["an id starting with a dot", ".carol", {}],
  ["an id with a slash", "a/b", {}],
  ["an id over 64 characters", "u".repeat(65), {}],
  ["a name over 100 characters", "dave", { Name: "n".repeat(101) }],
  ["an empty name", "dora", { Name: "" }],
  ["a blank name", "erin", { Name: " " }],
  ["metadata over 1024 characters", "ella", { Metadata: "m".repeat(1025) }],
  [
    "expiration days out of range",
    "frank",
    { ExpirationSettings: { ExpirationDays: 0, ExpirationCriterion: "CREATED_TIMESTAMP" } },
  ],
  [
    "an expiration criterion identity does not support",
    "fred",
    { ExpirationSettings: { ExpirationDays: 1, ExpirationCriterion: "LAST_MESSAGE_TIMESTAMP" } },
  ],
])("%s is a BadRequestException", async (_, id, extra) => {
  await expect(create(id, extra)).rejects.toBeInstanceOf(BadRequestException);
});

test("ids of 1 and 64 characters and names of 100 are accepted", async () => {
  await expect(create("q")).resolves.toMatchObject({ AppInstanceUserArn: `${appInstanceArn}/user/q` });
  await expect(create("w".repeat(64), { Name: "n".repeat(100) })).resolves.toMatchObject({
    AppInstanceUserArn: `${appInstanceArn}/user/${"w".repeat(64)}`,
  });
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
