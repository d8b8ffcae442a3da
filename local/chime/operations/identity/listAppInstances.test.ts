import {
  BadRequestException,
  CreateAppInstanceCommand,
  ListAppInstancesCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("pages through every app instance once, with summaries of ARN, name and metadata", async () => {
  const created = new Map<string, string>();
  for (const name of ["a", "b", "c", "d", "e"]) {
    const { AppInstanceArn } = await t.identity.send(
      new CreateAppInstanceCommand({ Name: name, Metadata: `m-${name}` }),
    );
    created.set(AppInstanceArn as string, name);
  }
  const seen = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const page = await t.identity.send(new ListAppInstancesCommand({ MaxResults: 2, NextToken }));
    expect(page.$metadata.httpStatusCode).toBe(200);
    expect(page.AppInstances?.length).toBeLessThanOrEqual(2);
    seen.push(...(page.AppInstances ?? []));
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken);
  expect(pages).toBe(3);
  expect(seen.map((a) => a.AppInstanceArn).sort()).toEqual([...created.keys()].sort());
  for (const summary of seen) {
    const name = created.get(summary.AppInstanceArn as string);
    expect(summary).toEqual({ AppInstanceArn: summary.AppInstanceArn, Name: name, Metadata: `m-${name}` });
  }
});

test("MaxResults outside 1..50 and a forged NextToken are bad requests", async () => {
  for (const MaxResults of [0, 51]) {
    await expect(t.identity.send(new ListAppInstancesCommand({ MaxResults }))).rejects.toBeInstanceOf(
      BadRequestException,
    );
  }
  await expect(t.identity.send(new ListAppInstancesCommand({ NextToken: "forged" }))).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
