/** The endpoint keeps its state on disk: a restart on the same database finds every record intact. */
import { DescribeAppInstanceAdminCommand, DescribeAppInstanceUserCommand } from "@aws-sdk/client-chime-sdk-identity";
import {
  CreateChannelCommand,
  DescribeChannelCommand,
  DescribeChannelMembershipCommand,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
  UpdateChannelReadMarkerCommand,
  DescribeChannelMembershipForAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, makeAdmin, startTestEndpoint } from "../support/localEndpoint";

const dir = mkdtempSync(join(tmpdir(), "chime-local-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a restart on the same database finds all data intact", async () => {
  const databasePath = join(dir, "aws.sqlite");
  const first = await startTestEndpoint({ databasePath });
  const app = await createApp(first.identity, ["alice", "bob", "carol"]);
  await makeAdmin(first.identity, app, "carol");
  const { ChannelArn } = await first.messaging.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "durable",
      Privacy: "PRIVATE",
      Metadata: '{"topic":"x"}',
      ChimeBearer: app.users.alice,
      MemberArns: [app.users.bob],
    }),
  );
  const sent: string[] = [];
  for (const content of ["one", "two", "three"]) {
    const result = await first.messaging.send(
      new SendChannelMessageCommand({
        ChannelArn,
        ChimeBearer: app.users.alice,
        Content: content,
        Type: "STANDARD",
        Persistence: "PERSISTENT",
      }),
    );
    sent.push(result.MessageId as string);
  }
  await first.messaging.send(new UpdateChannelReadMarkerCommand({ ChannelArn, ChimeBearer: app.users.bob }));
  const before = await first.messaging.send(new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.alice }));
  await first.close();

  const second = await startTestEndpoint({ databasePath });
  try {
    const user = await second.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: app.users.bob }));
    expect(user.AppInstanceUser?.Name).toBe("bob");
    const admin = await second.identity.send(
      new DescribeAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.carol }),
    );
    expect(admin.AppInstanceAdmin?.Admin?.Arn).toBe(app.users.carol);
    const after = await second.messaging.send(new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.alice }));
    expect(after.Channel).toEqual(before.Channel);
    const membership = await second.messaging.send(
      new DescribeChannelMembershipCommand({ ChannelArn, MemberArn: app.users.bob, ChimeBearer: app.users.alice }),
    );
    expect(membership.ChannelMembership?.InvitedBy?.Arn).toBe(app.users.alice);
    const marker = await second.messaging.send(
      new DescribeChannelMembershipForAppInstanceUserCommand({
        ChannelArn,
        AppInstanceUserArn: app.users.bob,
        ChimeBearer: app.users.bob,
      }),
    );
    expect(marker.ChannelMembership?.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp).toBeInstanceOf(Date);
    const messages = await second.messaging.send(
      new ListChannelMessagesCommand({ ChannelArn, ChimeBearer: app.users.bob, SortOrder: "ASCENDING" }),
    );
    expect(messages.ChannelMessages?.map((m) => [m.MessageId, m.Content])).toEqual([
      [sent[0], "one"],
      [sent[1], "two"],
      [sent[2], "three"],
    ]);
  } finally {
    await second.close();
  }
});
