import {
  CreateAppInstanceCommand,
  DescribeAppInstanceCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint({ clock: { now: () => new Date("2026-01-02T03:04:05.678Z") } });
});
afterAll(() => t.close());

test("describes an app instance with its timestamps", async () => {
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: "chat", Metadata: "{}" }));
  const { AppInstance } = await t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }));
  expect(AppInstance).toEqual({
    AppInstanceArn,
    Name: "chat",
    Metadata: "{}",
    CreatedTimestamp: new Date("2026-01-02T03:04:05.678Z"),
    LastUpdatedTimestamp: new Date("2026-01-02T03:04:05.678Z"),
  });
});

test("an app instance that does not exist is a ForbiddenException (NotFound is not modeled)", async () => {
  await expect(
    t.identity.send(
      new DescribeAppInstanceCommand({ AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
