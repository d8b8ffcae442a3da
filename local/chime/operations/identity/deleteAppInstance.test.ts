import {
  DeleteAppInstanceCommand,
  DescribeAppInstanceUserCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("deletes the app instance and its users with 204", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const result = await t.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: app.appInstanceArn }));
  expect(result.$metadata.httpStatusCode).toBe(204);
  await expect(
    t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.alice })),
  ).rejects.toBeInstanceOf(ForbiddenException);
  await expect(
    t.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: app.appInstanceArn })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
