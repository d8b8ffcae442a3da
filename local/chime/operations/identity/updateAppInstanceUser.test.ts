import {
  BadRequestException,
  DescribeAppInstanceUserCommand,
  UpdateAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("renames a user and sets metadata", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const result = await t.identity.send(
    new UpdateAppInstanceUserCommand({ AppInstanceUserArn: app.users.alice, Name: "Alice A.", Metadata: '{"x":1}' }),
  );
  expect(result.AppInstanceUserArn).toBe(app.users.alice);
  const { AppInstanceUser } = await t.identity.send(
    new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.alice }),
  );
  expect(AppInstanceUser).toMatchObject({ Name: "Alice A.", Metadata: '{"x":1}' });
});

test("a blank name or missing metadata is a BadRequestException", async () => {
  const app = await createApp(t.identity, ["bob"]);
  await expect(
    t.identity.send(new UpdateAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob, Name: "  ", Metadata: "" })),
  ).rejects.toBeInstanceOf(BadRequestException);
  await expect(
    t.identity.send(new UpdateAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob, Name: "Bob" } as never)),
  ).rejects.toBeInstanceOf(BadRequestException);
});
