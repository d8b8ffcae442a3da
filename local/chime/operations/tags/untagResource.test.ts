import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand as UntagIdentityResourceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { ForbiddenException, UntagResourceCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel } from "../../../../test/support/channels";
import { useTestApp, useTestEndpoint } from "../../../../test/support/localEndpoint";

const t = useTestEndpoint();
const app = useTestApp(t, ["alice"]);

test("removes the keys given (204), in either service's client; a key the resource lacks is no error", async () => {
  const channelArn = await createChannel(t.messaging, app, { owner: "alice" });
  for (const arn of [app.appInstanceArn, app.users.alice, channelArn]) {
    await t.identity.send(
      new TagResourceCommand({
        ResourceARN: arn,
        Tags: [
          { Key: "a", Value: "1" },
          { Key: "b", Value: "2" },
          { Key: "c", Value: "3" },
        ],
      }),
    );
    const result = await t.messaging.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["a", "missing"] }));
    expect(result.$metadata.httpStatusCode).toBe(204);
    await t.identity.send(new UntagIdentityResourceCommand({ ResourceARN: arn, TagKeys: ["c"] }));
    const { Tags } = await t.identity.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    expect(Tags).toEqual([{ Key: "b", Value: "2" }]);
  }
});

test("a resource that does not exist is forbidden", async () => {
  await expect(
    t.messaging.send(new UntagResourceCommand({ ResourceARN: `${app.appInstanceArn}/channel/none`, TagKeys: ["a"] })),
  ).rejects.toBeInstanceOf(ForbiddenException);
});
