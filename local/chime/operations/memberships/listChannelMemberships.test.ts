import {
  BadRequestException,
  CreateChannelMembershipCommand,
  ListChannelMembershipsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import {
  createApp,
  startTestEndpoint,
  type AppFixture,
  type TestEndpoint,
} from "../../../../test/support/localEndpoint";

let t: TestEndpoint;
let app: AppFixture;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["owner", "m1", "m2", "m3", "ghost"]);
});
afterAll(() => t.close());

test("lists DEFAULT members across pages, and HIDDEN ones only when asked", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["m1", "m2", "m3"] });
  await t.messaging.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channel,
      ChimeBearer: app.users.owner,
      MemberArn: app.users.ghost,
      Type: "HIDDEN",
    }),
  );
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await t.messaging.send(
      new ListChannelMembershipsCommand({ ChannelArn: channel, ChimeBearer: app.users.m1, MaxResults: 3, NextToken }),
    );
    expect(page.ChannelArn).toBe(channel);
    names.push(...(page.ChannelMemberships ?? []).map((m) => m.Member?.Name as string));
    NextToken = page.NextToken;
  } while (NextToken);
  expect(names.sort()).toEqual(["m1", "m2", "m3", "owner"]);
  const hidden = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, Type: "HIDDEN" }),
  );
  expect(hidden.ChannelMemberships?.map((m) => m.Member?.Name)).toEqual(["ghost"]);
});

test("a NextToken replayed with another Type is a BadRequestException", async () => {
  const channel = await createChannel(t.messaging, app, { owner: "owner", members: ["m1"] });
  const page = await t.messaging.send(
    new ListChannelMembershipsCommand({ ChannelArn: channel, ChimeBearer: app.users.owner, MaxResults: 1 }),
  );
  await expect(
    t.messaging.send(
      new ListChannelMembershipsCommand({
        ChannelArn: channel,
        ChimeBearer: app.users.owner,
        Type: "HIDDEN",
        NextToken: page.NextToken,
      }),
    ),
  ).rejects.toBeInstanceOf(BadRequestException);
});
