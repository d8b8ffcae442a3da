import {
  BadRequestException,
  ForbiddenException,
  ListAppInstanceAdminsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, makeAdmin, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("lists the admins, and only them, across pages", async () => {
  const app = await createApp(t.identity, ["a1", "a2", "a3", "member"]);
  for (const id of ["a1", "a2", "a3"]) await makeAdmin(t.identity, app, id);
  const first = await t.identity.send(
    new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2 }),
  );
  expect(first.$metadata.httpStatusCode).toBe(200);
  expect(first.AppInstanceArn).toBe(app.appInstanceArn);
  expect(first.AppInstanceAdmins).toHaveLength(2);
  expect(first.NextToken).toEqual(expect.any(String));
  const second = await t.identity.send(
    new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2, NextToken: first.NextToken }),
  );
  expect(second.AppInstanceAdmins).toHaveLength(1);
  expect(second.NextToken).toBeUndefined();
  const admins = [...(first.AppInstanceAdmins ?? []), ...(second.AppInstanceAdmins ?? [])];
  expect(admins.sort((x, y) => String(x.Admin?.Arn).localeCompare(String(y.Admin?.Arn)))).toEqual(
    ["a1", "a2", "a3"].map((id) => ({ Admin: { Arn: app.users[id], Name: id } })),
  );
});

test("an app instance without admins lists none", async () => {
  const app = await createApp(t.identity, ["member"]);
  const result = await t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(result.AppInstanceArn).toBe(app.appInstanceArn);
  expect(result.AppInstanceAdmins).toEqual([]);
  expect(result.NextToken).toBeUndefined();
});

test("a NextToken replayed against another app instance, or MaxResults out of range, is a BadRequestException", async () => {
  const one = await createApp(t.identity, ["a", "b"]);
  const other = await createApp(t.identity, ["c"]);
  await makeAdmin(t.identity, one, "a");
  await makeAdmin(t.identity, one, "b");
  await makeAdmin(t.identity, other, "c");
  const page = await t.identity.send(
    new ListAppInstanceAdminsCommand({ AppInstanceArn: one.appInstanceArn, MaxResults: 1 }),
  );
  expect(page.NextToken).toBeDefined();
  await expect(
    t.identity.send(
      new ListAppInstanceAdminsCommand({ AppInstanceArn: other.appInstanceArn, NextToken: page.NextToken }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    t.identity.send(new ListAppInstanceAdminsCommand({ AppInstanceArn: one.appInstanceArn, MaxResults: 0 })),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("an app instance that does not exist is a ForbiddenException", async () => {
  await expect(
    t.identity.send(
      new ListAppInstanceAdminsCommand({ AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
