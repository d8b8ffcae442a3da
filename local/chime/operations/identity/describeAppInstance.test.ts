import {
  BadRequestException,
  CreateAppInstanceCommand,
  DescribeAppInstanceCommand,
  ForbiddenException,
} from "@aws-sdk/client-chime-sdk-identity";
import { useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("describes an app instance with its creation time", async () => {
  const before = Date.now();
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: "chat", Metadata: "{}" }));
  const after = Date.now();
  const result = await t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }));
  expect(result.$metadata.httpStatusCode).toBe(200);
  const { CreatedTimestamp, LastUpdatedTimestamp, ...rest } = result.AppInstance ?? {};
  expect(rest).toEqual({ AppInstanceArn, Name: "chat", Metadata: "{}" });
  expect(CreatedTimestamp).toBeInstanceOf(Date);
  expect(CreatedTimestamp?.getTime()).toBeGreaterThanOrEqual(before);
  expect(CreatedTimestamp?.getTime()).toBeLessThanOrEqual(after);
  expect(LastUpdatedTimestamp).toEqual(CreatedTimestamp);
});

test("an app instance without metadata has none in the description", async () => {
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: "bare" }));
  const { AppInstance } = await t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }));
  expect(AppInstance?.Name).toBe("bare");
  expect(AppInstance?.Metadata).toBeUndefined();
});

test("an app instance that does not exist is a ForbiddenException (NotFound is not modeled)", async () => {
  await expect(
    t.identity.send(
      new DescribeAppInstanceCommand({ AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none" }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});

test("an AppInstanceArn that is not an ARN is a BadRequestException", async () => {
  await expect(
    t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: "not-an-arn" })),
  ).rejects.toBeInstanceOf(BadRequestException);
});
