import { ListAppInstanceAdminsCommand } from "@aws-sdk/client-chime-sdk-identity";
import { createApp, makeAdmin, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("lists the admins across pages", async () => {
  const app = await createApp(t.identity, ["a1", "a2", "member"]);
  await makeAdmin(t.identity, app, "a1");
  await makeAdmin(t.identity, app, "a2");
  const first = await t.identity.send(
    new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 1 }),
  );
  const second = await t.identity.send(
    new ListAppInstanceAdminsCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 1, NextToken: first.NextToken }),
  );
  expect(second.NextToken).toBeUndefined();
  const admins = [...(first.AppInstanceAdmins ?? []), ...(second.AppInstanceAdmins ?? [])].map((a) => a.Admin?.Name);
  expect(admins.sort()).toEqual(["a1", "a2"]);
});
