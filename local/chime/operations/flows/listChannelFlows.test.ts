import { BadRequestException, ForbiddenException, ListChannelFlowsCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createFlow } from "../../../../test/support/channelFlows";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("lists the app instance's flows, page by page, and only its own", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const other = await createApp(t.identity, ["bob"]);
  const mine = [
    await createFlow(t.messaging, app),
    await createFlow(t.messaging, app),
    await createFlow(t.messaging, app),
  ];
  await createFlow(t.messaging, other);
  const seen: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await t.messaging.send(
      new ListChannelFlowsCommand({ AppInstanceArn: app.appInstanceArn, MaxResults: 2, NextToken }),
    );
    expect(page.ChannelFlows?.length).toBeLessThanOrEqual(2);
    for (const flow of page.ChannelFlows ?? []) {
      expect(flow).toMatchObject({ Name: "moderation", Processors: [{ ExecutionOrder: 1 }] });
      seen.push(flow.ChannelFlowArn as string);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  expect(seen.sort()).toEqual(mine.sort());
  await expect(
    t.messaging.send(new ListChannelFlowsCommand({ AppInstanceArn: other.appInstanceArn, NextToken: "e30" })),
  ).rejects.toBeInstanceOf(BadRequestException);
});

test("an app instance that does not exist is Forbidden", async () => {
  const app = await createApp(t.identity, ["carol"]);
  await expect(
    t.messaging.send(new ListChannelFlowsCommand({ AppInstanceArn: `${app.appInstanceArn}0` })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
