/**
 * Upgrades of the state folder. Databases made by earlier releases' own code (see makeStateFixture.ts:
 * state-unversioned.sqlite, of the release before schema versions; state-v4.sqlite, of the release at
 * schema version 4, which lacks version 3) open after the upgrade with all their data and local keys,
 * migrated in place, channel flows included; a database of a newer release is refused by `npm run
 * endpoint` with a message naming both versions, and is left as it was.
 */
import {
  DescribeAppInstanceAdminCommand,
  ListAppInstancesCommand,
  ListAppInstanceUsersCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  AssociateChannelFlowCommand,
  CreateChannelFlowCommand,
  DescribeChannelCommand,
  DescribeChannelMembershipForAppInstanceUserCommand,
  ListChannelMembershipsForAppInstanceUserCommand,
  ListChannelMessagesCommand,
  ListChannelModeratorsCommand,
  ListChannelsAssociatedWithChannelFlowCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import BetterSqlite3 from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS, SCHEMA_VERSION } from "../../local/store/schema";
import { FIXTURE } from "../fixtures/makeStateFixture";
import { startTestEndpoint } from "../support/localEndpoint";

const dir = mkdtempSync(join(tmpdir(), "chime-upgrade-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function userVersion(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
}

const ALL = MIGRATIONS.map((migration) => migration.version);

test.each([
  ["state-unversioned.sqlite", 0, ALL],
  ["state-v4.sqlite", 4, [3, 5]],
])(
  "a state database of an earlier release (%s, version %i) opens migrated in place, with its data",
  async (fixture, version, applied) => {
    const databasePath = join(dir, fixture);
    copyFileSync(join(__dirname, "..", "fixtures", fixture), databasePath);
    expect(userVersion(databasePath)).toBe(version);
    const stored = new BetterSqlite3(databasePath, { readonly: true });
    const keysBefore = stored.prepare("SELECT key, value FROM settings ORDER BY key").all() as {
      key: string;
      value: string;
    }[];
    stored.close();

    const t = await startTestEndpoint({ databasePath });
    try {
      expect(t.endpoint.services.store.schema).toEqual({
        kind: "migrated",
        from: version,
        to: SCHEMA_VERSION,
        applied,
      });
      // The local keys the previous release made are still the keys (the clients sign with them).
      const developerKey = keysBefore.find((row) => row.key === "developerKey")?.value as string;
      expect(JSON.parse(developerKey)).toMatchObject(t.credentials.developer);

      const { AppInstances } = await t.identity.send(new ListAppInstancesCommand({}));
      const appInstance = AppInstances?.find((summary) => summary.Name === FIXTURE.appInstanceName);
      const appInstanceArn = appInstance?.AppInstanceArn as string;
      expect(appInstanceArn).toBeDefined();
      // ListTagsForResource is not implemented: the tags are read from the store.
      expect(t.endpoint.services.store.listTags(appInstanceArn)).toEqual([FIXTURE.tag]);
      const { AppInstanceUsers } = await t.identity.send(
        new ListAppInstanceUsersCommand({ AppInstanceArn: appInstanceArn }),
      );
      expect(AppInstanceUsers?.map((user) => user.Name).sort()).toEqual(FIXTURE.users);
      const userArn = (id: string) => `${appInstanceArn}/user/${id}`;
      const admin = await t.identity.send(
        new DescribeAppInstanceAdminCommand({
          AppInstanceArn: appInstanceArn,
          AppInstanceAdminArn: userArn(FIXTURE.admin),
        }),
      );
      expect(admin.AppInstanceAdmin?.Admin?.Arn).toBe(userArn(FIXTURE.admin));

      const { ChannelMemberships } = await t.messaging.send(
        new ListChannelMembershipsForAppInstanceUserCommand({
          AppInstanceUserArn: userArn("bob"),
          ChimeBearer: userArn("bob"),
        }),
      );
      const channelArn = ChannelMemberships?.[0]?.ChannelSummary?.ChannelArn as string;
      const { Channel } = await t.messaging.send(
        new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: userArn("alice") }),
      );
      expect(Channel).toMatchObject({
        Name: FIXTURE.channelName,
        Metadata: FIXTURE.channelMetadata,
        Privacy: "PRIVATE",
      });
      const moderators = await t.messaging.send(
        new ListChannelModeratorsCommand({ ChannelArn: channelArn, ChimeBearer: userArn("alice") }),
      );
      expect(moderators.ChannelModerators?.map((m) => m.Moderator?.Arn).sort()).toEqual([
        userArn("alice"),
        userArn("bob"),
      ]);
      const membership = await t.messaging.send(
        new DescribeChannelMembershipForAppInstanceUserCommand({
          ChannelArn: channelArn,
          AppInstanceUserArn: userArn("bob"),
          ChimeBearer: userArn("bob"),
        }),
      );
      expect(membership.ChannelMembership?.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp).toBeInstanceOf(Date);

      // The old messages in their order, and a new one after them.
      await t.messaging.send(
        new SendChannelMessageCommand({
          ChannelArn: channelArn,
          ChimeBearer: userArn("bob"),
          Content: "after the upgrade",
          Type: "STANDARD",
          Persistence: "PERSISTENT",
        }),
      );
      const { ChannelMessages } = await t.messaging.send(
        new ListChannelMessagesCommand({ ChannelArn: channelArn, ChimeBearer: userArn("bob"), SortOrder: "ASCENDING" }),
      );
      expect(ChannelMessages?.map((m) => m.Content)).toEqual([...FIXTURE.messages, "after the upgrade"]);

      // Version 3's tables: the old channel can run a channel flow.
      const { ChannelFlowArn } = await t.messaging.send(
        new CreateChannelFlowCommand({
          AppInstanceArn: appInstanceArn,
          Name: "after the upgrade",
          Processors: [
            {
              Name: "p",
              ExecutionOrder: 1,
              FallbackAction: "ABORT",
              Configuration: {
                Lambda: { ResourceArn: "arn:aws:lambda:us-east-1:111122223333:function:p", InvocationType: "ASYNC" },
              },
            },
          ],
        }),
      );
      await t.messaging.send(
        new AssociateChannelFlowCommand({ ChannelArn: channelArn, ChannelFlowArn, ChimeBearer: userArn("alice") }),
      );
      const { Channels } = await t.messaging.send(new ListChannelsAssociatedWithChannelFlowCommand({ ChannelFlowArn }));
      expect(Channels?.map((c) => c.ChannelArn)).toEqual([channelArn]);
    } finally {
      await t.close();
    }
    expect(userVersion(databasePath)).toBe(SCHEMA_VERSION);
  },
);

test("npm run endpoint refuses a state database of a newer release, naming both versions, and leaves it", () => {
  const databasePath = join(dir, "newer.sqlite");
  const newer = new BetterSqlite3(databasePath);
  newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  newer.close();

  const run = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "..", "..", "local/stack/endpoint.ts")], {
    env: { ...process.env, LOCAL_AWS_PORT: "0", LOCAL_AWS_TLS: "off", LOCAL_AWS_DB: databasePath },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`${databasePath} has schema version ${SCHEMA_VERSION + 1}`);
  expect(run.stderr).toContain(`reads schema versions up to ${SCHEMA_VERSION}`);
  expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  expect(userVersion(databasePath)).toBe(SCHEMA_VERSION + 1);
});
