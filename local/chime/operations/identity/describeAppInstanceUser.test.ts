import { DescribeAppInstanceUserCommand, ForbiddenException } from "@aws-sdk/client-chime-sdk-identity";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("describes a user", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const { AppInstanceUser } = await t.identity.send(
    new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.alice }),
  );
  expect(AppInstanceUser).toMatchObject({ AppInstanceUserArn: app.users.alice, Name: "alice" });
  expect(AppInstanceUser?.CreatedTimestamp).toBeInstanceOf(Date);
});

test("an unknown user is a ForbiddenException", async () => {
  const app = await createApp(t.identity, []);
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: `${app.appInstanceArn}/user/ghost` })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
