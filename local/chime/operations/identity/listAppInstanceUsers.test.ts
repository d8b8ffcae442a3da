import {
  BadRequestException,
  ForbiddenException,
  ListAppInstanceUsersCommand,
  UpdateAppInstanceUserCommand,
  type ListAppInstanceUsersRequest,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("lists the users of one app instance across pages, each once", async () => {
  const app = await createApp(t.identity, ["u1", "u2", "u3"]);
  await createApp(t.identity, ["elsewhere"]);
  const first = await t.identity.send(
    new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2 }),
  );
  expect(first.$metadata.httpStatusCode).toBe(200);
  expect(first.AppInstanceArn).toBe(app.appInstanceArn);
  expect(first.AppInstanceUsers).toHaveLength(2);
  expect(first.NextToken).toEqual(expect.any(String));
  const second = await t.identity.send(
    new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2, NextToken: first.NextToken }),
  );
  expect(second.AppInstanceArn).toBe(app.appInstanceArn);
  expect(second.AppInstanceUsers).toHaveLength(1);
  expect(second.NextToken).toBeUndefined();
  const users = [...(first.AppInstanceUsers ?? []), ...(second.AppInstanceUsers ?? [])];
  expect(users.map((u) => u.AppInstanceUserArn).sort()).toEqual([app.users.u1, app.users.u2, app.users.u3]);
  expect(users.map((u) => u.Name).sort()).toEqual(["u1", "u2", "u3"]);
});

test("summaries carry AppInstanceUserArn, Name and Metadata only", async () => {
  const app = await createApp(t.identity, ["solo"]);
  await t.identity.send(
    new UpdateAppInstanceUserCommand({ AppInstanceUserArn: app.users.solo, Name: "Solo", Metadata: "meta" }),
  );
  const result = await t.identity.send(new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(result.AppInstanceUsers).toEqual([{ AppInstanceUserArn: app.users.solo, Name: "Solo", Metadata: "meta" }]);
  expect(result.NextToken).toBeUndefined();
});

test("an app instance without users lists none", async () => {
  const app = await createApp(t.identity, []);
  const result = await t.identity.send(new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(result.AppInstanceUsers).toEqual([]);
  expect(result.NextToken).toBeUndefined();
});

test("a NextToken replayed against another app instance is a BadRequestException", async () => {
  const one = await createApp(t.identity, ["a", "b"]);
  const other = await createApp(t.identity, ["c", "d"]);
  const page = await t.identity.send(
    new ListAppInstanceUsersCommand({ AppInstanceArn: one.appInstanceArn, MaxResults: 1 }),
  );
  expect(page.NextToken).toBeDefined();
  await expect(
    t.identity.send(
      new ListAppInstanceUsersCommand({ AppInstanceArn: other.appInstanceArn, NextToken: page.NextToken }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test.each<[string, Partial<ListAppInstanceUsersRequest>]>([
  ["MaxResults 0", { MaxResults: 0 }],
  ["MaxResults 51", { MaxResults: 51 }],
  ["a forged NextToken", { NextToken: "forged" }],
])("%s is a BadRequestException", async (_, extra) => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn, ...extra })),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("AppInstanceArn is required", async () => {
  await expect(
    t.identity.send(new ListAppInstanceUsersCommand({} as ListAppInstanceUsersRequest)),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("an app instance that does not exist is a ForbiddenException", async () => {
  await expect(
    t.identity.send(
      new ListAppInstanceUsersCommand({ AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
