import {
  DeleteChannelCommand,
  ForbiddenException,
  ListChannelsAssociatedWithChannelFlowCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { associate, createFlow } from "../../../../test/support/channelFlows";
import { createChannel } from "../../../../test/support/channels";
import { createApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();

test("lists the channels running the flow, page by page, with their summaries; a deleted channel leaves the list", async () => {
  const app = await createApp(t.identity, ["alice"]);
  const flowArn = await createFlow(t.messaging, app);
  const channels: string[] = [];
  for (const privacy of ["PUBLIC", "PRIVATE", "PUBLIC"] as const) {
    const channelArn = await createChannel(t.messaging, app, { owner: "alice", privacy, mode: "RESTRICTED" });
    await associate(t.messaging, channelArn, flowArn, app.users.alice);
    channels.push(channelArn);
  }
  await createChannel(t.messaging, app, { owner: "alice" }); // not associated
  const list = async () => {
    const seen: Record<string, unknown>[] = [];
    let NextToken: string | undefined;
    do {
      const page = await t.messaging.send(
        new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: flowArn, MaxResults: 2, NextToken }),
      );
      seen.push(...((page.Channels ?? []) as Record<string, unknown>[]));
      NextToken = page.NextToken;
    } while (NextToken);
    return seen;
  };
  const listed = await list();
  expect(listed.map((c) => c.ChannelArn).sort()).toEqual([...channels].sort());
  expect(listed.find((c) => c.ChannelArn === channels[1])).toEqual({
    Name: "test channel",
    ChannelArn: channels[1],
    Mode: "RESTRICTED",
    Privacy: "PRIVATE",
  });
  await t.messaging.send(new DeleteChannelCommand({ ChannelArn: channels[0], ChimeBearer: app.users.alice }));
  expect((await list()).map((c) => c.ChannelArn).sort()).toEqual(channels.slice(1).sort());
});

test("a flow that does not exist is Forbidden", async () => {
  const app = await createApp(t.identity, ["bob"]);
  await expect(
    t.messaging.send(
      new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn: `${app.appInstanceArn}/channel-flow/none` }),
    ),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
