import { BadRequestException, ListAppInstanceUsersCommand } from "@aws-sdk/client-chime-sdk-identity";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("lists the users of one app instance across pages", async () => {
  const app = await createApp(t.identity, ["u1", "u2", "u3"]);
  await createApp(t.identity, ["elsewhere"]);
  const first = await t.identity.send(
    new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2 }),
  );
  expect(first.AppInstanceArn).toBe(app.appInstanceArn);
  expect(first.AppInstanceUsers).toHaveLength(2);
  const second = await t.identity.send(
    new ListAppInstanceUsersCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2, NextToken: first.NextToken }),
  );
  expect(second.NextToken).toBeUndefined();
  const names = [...(first.AppInstanceUsers ?? []), ...(second.AppInstanceUsers ?? [])].map((u) => u.Name);
  expect(names.sort()).toEqual(["u1", "u2", "u3"]);
});

test("a NextToken replayed against another app instance is a BadRequestException", async () => {
  const one = await createApp(t.identity, ["a", "b"]);
  const other = await createApp(t.identity, ["c"]);
  const page = await t.identity.send(
    new ListAppInstanceUsersCommand({ AppInstanceArn: one.appInstanceArn, MaxResults: 1 }),
  );
  await expect(
    t.identity.send(
      new ListAppInstanceUsersCommand({ AppInstanceArn: other.appInstanceArn, NextToken: page.NextToken }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
