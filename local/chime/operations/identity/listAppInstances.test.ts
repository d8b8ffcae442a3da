import {
  BadRequestException,
  CreateAppInstanceCommand,
  ListAppInstancesCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { startTestEndpoint, type TestEndpoint } from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(() => t.close());

test("pages through every app instance once", async () => {
  const created = new Set<string>();
  for (const name of ["a", "b", "c", "d", "e"]) {
    created.add((await t.identity.send(new CreateAppInstanceCommand({ Name: name }))).AppInstanceArn as string);
  }
  const seen: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await t.identity.send(new ListAppInstancesCommand({ MaxResults: 2, NextToken }));
    expect(page.AppInstances?.length).toBeLessThanOrEqual(2);
    seen.push(...(page.AppInstances ?? []).map((a) => a.AppInstanceArn as string));
    NextToken = page.NextToken;
  } while (NextToken);
  expect(seen.sort()).toEqual([...created].sort());
});

test("MaxResults outside 1..50 and a forged NextToken are bad requests", async () => {
  await expect(t.identity.send(new ListAppInstancesCommand({ MaxResults: 51 }))).rejects.toBeInstanceOf(
    BadRequestException,
  );
  await expect(t.identity.send(new ListAppInstancesCommand({ NextToken: "forged" }))).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
