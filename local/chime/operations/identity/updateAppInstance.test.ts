import {
  BadRequestException,
  CreateAppInstanceCommand,
  DescribeAppInstanceCommand,
  UpdateAppInstanceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let now = new Date("2026-01-01T00:00:00Z");
let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint({ clock: { now: () => now } });
});
afterAll(() => t.close());

test("updates name and metadata and the last-updated time", async () => {
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: "old", Metadata: "1" }));
  now = new Date("2026-01-01T00:10:00Z");
  const result = await t.identity.send(new UpdateAppInstanceCommand({ AppInstanceArn, Name: "new", Metadata: "2" }));
  expect(result.AppInstanceArn).toBe(AppInstanceArn);
  const { AppInstance } = await t.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn }));
  expect(AppInstance).toMatchObject({ Name: "new", Metadata: "2", LastUpdatedTimestamp: now });
  expect(AppInstance?.CreatedTimestamp).toEqual(new Date("2026-01-01T00:00:00Z"));
});

test("Name and Metadata are both required", async () => {
  const { AppInstanceArn } = await t.identity.send(new CreateAppInstanceCommand({ Name: "x" }));
  await expect(
    t.identity.send(new UpdateAppInstanceCommand({ AppInstanceArn, Name: "y" } as never)),
  ).rejects.toBeInstanceOf(BadRequestException);
});
