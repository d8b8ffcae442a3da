import {
  BadRequestException,
  ForbiddenException,
  ListAppInstanceUserEndpointsCommand,
  paginateListAppInstanceUserEndpoints,
} from "@aws-sdk/client-chime-sdk-identity";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";
import { registerDevice, useTestPushApp } from "../../../../test/support/push";

const t = useTestEndpoint();
const pushApp = useTestPushApp(t);

test("lists the user's endpoints only, as summaries without device tokens, page by page", async () => {
  const app = await createApp(t.identity, ["alice", "bob"]);
  const mine = [];
  for (let i = 0; i < 5; i++)
    mine.push(await registerDevice(t.identity, app.users.alice, pushApp.arn, { type: "APNS" }));
  await registerDevice(t.identity, app.users.bob, pushApp.arn);
  const seen = [];
  for await (const page of paginateListAppInstanceUserEndpoints(
    { client: t.identity, pageSize: 2 },
    { AppInstanceUserArn: app.users.alice },
  )) {
    expect(page.AppInstanceUserEndpoints?.length).toBeLessThanOrEqual(2);
    seen.push(...(page.AppInstanceUserEndpoints ?? []));
  }
  expect(seen.map((endpoint) => endpoint.EndpointId).sort()).toEqual([...mine].sort());
  expect(seen[0]).toEqual({
    AppInstanceUserArn: app.users.alice,
    EndpointId: seen[0].EndpointId,
    Type: "APNS",
    AllowMessages: "ALL",
    EndpointState: { Status: "ACTIVE" },
  });
});

test("no endpoints: an empty list without NextToken; an unknown user is Forbidden; a foreign NextToken is refused", async () => {
  const app = await createApp(t.identity, ["carol", "dan"]);
  const empty = await t.identity.send(new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: app.users.carol }));
  expect(empty.AppInstanceUserEndpoints).toEqual([]);
  expect(empty.NextToken).toBeUndefined();
  await expect(
    t.identity.send(
      new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: `${app.appInstanceArn}/user/ghost` }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
  for (let i = 0; i < 2; i++) await registerDevice(t.identity, app.users.dan, pushApp.arn);
  const { NextToken } = await t.identity.send(
    new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: app.users.dan, MaxResults: 1 }),
  );
  await expect(
    t.identity.send(new ListAppInstanceUserEndpointsCommand({ AppInstanceUserArn: app.users.carol, NextToken })),
  ).rejects.toBeInstanceOf(BadRequestException);
});
