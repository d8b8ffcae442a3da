import {
  BadRequestException,
  BatchCreateChannelMembershipCommand,
  CreateChannelCommand,
  ListSubChannelsCommand,
  type SubChannelSummary,
} from "@aws-sdk/client-chime-sdk-messaging";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

let channelArn: string;
const members = ["a", "b", "c", "d", "e", "f"];

const t = useTestEndpoint();
const app = useTestApp(t, ["owner", "admin", ...members], { admins: ["admin"] });
beforeAll(async () => {
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "stadium",
      ChimeBearer: app.users.owner,
      ElasticChannelConfiguration: {
        MaximumSubChannels: 10,
        TargetMembershipsPerSubChannel: 2,
        MinimumMembershipPercentage: 10,
      },
    }),
  );
  channelArn = ChannelArn as string;
  await t.messaging.send(
    new BatchCreateChannelMembershipCommand({
      ChannelArn: channelArn,
      MemberArns: members.map((id) => app.users[id]),
      ChimeBearer: app.users.owner,
    }),
  );
});

const list = (extra: Partial<ListSubChannelsCommand["input"]> = {}) =>
  t.messaging.send(new ListSubChannelsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.admin, ...extra }));

test("lists the sub-channels with their member counts (200), oldest first", async () => {
  const result = await list();
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.ChannelArn).toBe(channelArn);
  expect(result.SubChannels?.map((sub) => sub.MembershipCount)).toEqual([2, 2, 2]);
  expect(result.NextToken).toBeUndefined();
});

test("pages with NextToken cover every sub-channel once; a token is bound to its request", async () => {
  const seen: SubChannelSummary[] = [];
  let token: string | undefined;
  do {
    const page = await list({ MaxResults: 2, NextToken: token });
    seen.push(...(page.SubChannels ?? []));
    token = page.NextToken;
  } while (token);
  expect(seen).toEqual((await list()).SubChannels);
  const first = await list({ MaxResults: 1 });
  await expect(list({ NextToken: first.NextToken, ChimeBearer: app.users.owner })).rejects.toBeInstanceOf(
    BadRequestException,
  );
});
