import {
  DeleteChannelCommand,
  ForbiddenException,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { ListTagsForResourceCommand as ListIdentityTagsCommand } from "@aws-sdk/client-chime-sdk-identity";
import { CreateChannelCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannelAs } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice"]);

test("lists a resource's tags in key order (200); an untagged resource has none", async () => {
  const { ChannelArn } = await t.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "tagged",
      ChimeBearer: app.users.alice,
      Tags: [
        { Key: "z", Value: "last" },
        { Key: "a", Value: "first" },
      ],
    }),
  );
  const result = await t.messaging.send(new ListTagsForResourceCommand({ ResourceARN: ChannelArn }));
  expect(result.$metadata.httpStatusCode).toBe(200);
  expect(result.Tags).toEqual([
    { Key: "a", Value: "first" },
    { Key: "z", Value: "last" },
  ]);
  const untagged = await t.identity.send(new ListIdentityTagsCommand({ ResourceARN: app.users.alice }));
  expect(untagged.Tags).toEqual([]);
});

test("a deleted resource's tags are gone with it: it is forbidden", async () => {
  const channelArn = await createChannelAs(t.messaging, app, "alice", {
    Name: "short-lived",
    Tags: [{ Key: "k", Value: "v" }],
  });
  await t.messaging.send(new DeleteChannelCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }));
  await expect(t.messaging.send(new ListTagsForResourceCommand({ ResourceARN: channelArn }))).rejects.toBeInstanceOf(
    ForbiddenException,
  );
});
