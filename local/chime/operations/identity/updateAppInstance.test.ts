import {
  BadRequestException,
  CreateAppInstanceCommand,
  DescribeAppInstanceCommand,
  ForbiddenException,
  ListAppInstancesCommand,
  UpdateAppInstanceCommand,
  type UpdateAppInstanceRequest,
} from "@aws-sdk/client-chime-sdk-identity";
import { useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newAppInstance(name = "old", metadata = "1"): Promise<string> {
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: name, Metadata: metadata }));
  return AppInstanceArn as string;
}

test("updates name and metadata and moves the last-updated time", async () => {
  const AppInstanceArn = await newAppInstance();
  await pause(5);
  const result = await t.identity.send(new UpdateAppInstanceCommand({ AppInstanceArn, Name: "new", Metadata: "2" }));
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.AppInstanceArn).toBe(AppInstanceArn);
  const { AppInstance } = await t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }));
  expect(AppInstance).toMatchObject({ AppInstanceArn, Name: "new", Metadata: "2" });
  const created = AppInstance?.CreatedTimestamp?.getTime() as number;
  const updated = AppInstance?.LastUpdatedTimestamp?.getTime() as number;
  expect(updated).toBeGreaterThanOrEqual(created);
  // The pause above makes "set by the update" observable: a stale timestamp would equal the creation time.
  expect(updated).toBeGreaterThan(created);
});

test("the list shows the new name", async () => {
  const AppInstanceArn = await newAppInstance("listed");
  await t.identity.send(new UpdateAppInstanceCommand({ AppInstanceArn, Name: "renamed", Metadata: "1" }));
  const seen = [];
  let NextToken: string | undefined;
  do {
    const page = await t.identity.send(new ListAppInstancesCommand({ NextToken }));
    seen.push(...(page.AppInstances ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  expect(seen.find((a) => a.AppInstanceArn === AppInstanceArn)?.Name).toBe("renamed");
});

test.each<[string, Partial<UpdateAppInstanceRequest>]>([
  ["a missing Metadata", { Name: "y" }],
  ["a missing Name", { Metadata: "y" }],
  ["a name with a control character", { Name: "bell\u0007", Metadata: "m" }],
  ["a name over 256 characters", { Name: "n".repeat(257), Metadata: "m" }],
  ["metadata over 1024 characters", { Name: "y", Metadata: "m".repeat(1025) }],
])("%s is a BadRequestException and changes nothing", async (_, fields) => {
  const AppInstanceArn = await newAppInstance("keep", "kept");
  await expect(
    t.identity.send(new UpdateAppInstanceCommand({ AppInstanceArn, ...fields } as UpdateAppInstanceRequest)),
  ).rejects.toBeInstanceOf(BadRequestException);
  const { AppInstance } = await t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }));
  expect(AppInstance).toMatchObject({ Name: "keep", Metadata: "kept" });
});

test("an app instance that does not exist is a ForbiddenException", async () => {
  await expect(
    t.identity.send(
      new UpdateAppInstanceCommand({
        AppInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/none",
        Name: "x",
        Metadata: "m",
      }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
