/**
 * Chime's resource quotas over HTTP through the SDK: AWS's published defaults, and each quota refusing
 * the write that would pass it with ResourceLimitExceededException (400), once lowered at start so that
 * a test reaches it. A refused write changes nothing.
 */
import {
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  ResourceLimitExceededException,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  BatchCreateChannelMembershipCommand,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  CreateChannelModeratorCommand,
  ListChannelMembershipsCommand,
  ResourceLimitExceededException as MessagingResourceLimitExceededException,
} from "@aws-sdk/client-chime-sdk-messaging";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../../test/support/localEndpoint";
import { presignConnectUrl, TestSession } from "../../test/support/messagingSession";
import { CLOSE_TRY_AGAIN_LATER } from "../websocket/messagingSessions";
import { DEFAULT_RESOURCE_QUOTAS } from "./quotas";

test("the defaults are AWS's published quotas (Amazon Chime SDK endpoints and quotas)", () => {
  expect(DEFAULT_RESOURCE_QUOTAS).toEqual({
    appInstancesPerAccount: 100,
    usersPerAppInstance: 100_000,
    adminsPerAppInstance: 100,
    channelsPerAppInstance: 10_000_000,
    membershipsPerChannel: 10_000,
    membershipsPerUser: 20_000,
    moderatorsPerChannel: 1_000,
    endpointsPerUser: 10,
    // The developer guide's "Using channel flows to process messages": one, unless raised on request.
    processorsPerChannelFlow: 1,
    connectionsPerUser: 10,
  });
});

test("at the defaults, the 101st admin of an app instance is refused", async () => {
  const t = await startTestEndpoint();
  try {
    const ids = Array.from({ length: 101 }, (_, i) => `u${i}`);
    const app = await createApp(t.identity, ids);
    for (const id of ids.slice(0, 100)) {
      await t.identity.send(
        new CreateAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users[id] }),
      );
    }
    await expect(
      t.identity.send(
        new CreateAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.u100 }),
      ),
    ).rejects.toMatchObject({
      name: "ResourceLimitExceededException",
      $metadata: { httpStatusCode: 400 },
      message: "The request would exceed the quota of 100 admins per app instance.",
    });
    // Promoting an admin again adds nothing, so it is not refused.
    await expect(
      t.identity.send(
        new CreateAppInstanceAdminCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceAdminArn: app.users.u0 }),
      ),
    ).resolves.toMatchObject({ AppInstanceArn: app.appInstanceArn, AppInstanceAdmin: { Arn: app.users.u0 } });
  } finally {
    await t.close();
  }
});

describe("lowered at start", () => {
  let t: TestEndpoint;
  let app: AppFixture;
  /** Alice's channel of the second test: alice (moderator), bob and carol. */
  let firstChannel: string;
  beforeAll(async () => {
    t = await startTestEndpoint({
      config: {
        quotas: {
          appInstancesPerAccount: 2,
          usersPerAppInstance: 6,
          membershipsPerChannel: 3,
          membershipsPerUser: 2,
          moderatorsPerChannel: 2,
          channelsPerAppInstance: 4,
          connectionsPerUser: 1,
        },
      },
    });
    app = await createApp(t.identity, ["alice", "bob", "carol", "dave", "erin", "frank"]);
  });
  afterAll(() => t.close());

  const channel = (owner: string, members: string[] = [], moderators: string[] = []) =>
    t.messaging.send(
      new CreateChannelCommand({
        AppInstanceArn: app.appInstanceArn,
        Name: "quota",
        ChimeBearer: app.users[owner],
        MemberArns: members.length ? members.map((id) => app.users[id]) : undefined,
        ModeratorArns: moderators.length ? moderators.map((id) => app.users[id]) : undefined,
      }),
    );
  const memberNames = async (channelArn: string) =>
    (
      await t.messaging.send(
        new ListChannelMembershipsCommand({ ChannelArn: channelArn, ChimeBearer: app.users.alice }),
      )
    ).ChannelMemberships?.map((m) => m.Member?.Name);

  test("app instances per account and users per app instance", async () => {
    // The app of beforeAll is the first app instance; one more fits.
    await t.identity.send(new CreateAppInstanceCommand({ Name: "second" }));
    await expect(t.identity.send(new CreateAppInstanceCommand({ Name: "third" }))).rejects.toBeInstanceOf(
      ResourceLimitExceededException,
    );
    await expect(
      t.identity.send(
        new CreateAppInstanceUserCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceUserId: "g", Name: "g" }),
      ),
    ).rejects.toMatchObject({
      name: "ResourceLimitExceededException",
      message: expect.stringContaining("6 users per app instance") as string,
    });
  });

  test("memberships per channel: CreateChannelMembership refuses the 4th; a member added again adds nothing", async () => {
    const { ChannelArn } = await channel("alice", ["bob"]);
    firstChannel = ChannelArn as string;
    const add = (id: string) =>
      t.messaging.send(
        new CreateChannelMembershipCommand({
          ChannelArn,
          ChimeBearer: app.users.alice,
          MemberArn: app.users[id],
          Type: "DEFAULT",
        }),
      );
    await add("carol");
    await expect(add("dave")).rejects.toBeInstanceOf(MessagingResourceLimitExceededException);
    await expect(add("bob")).resolves.toMatchObject({ ChannelArn, Member: { Arn: app.users.bob } });
    expect(await memberNames(ChannelArn as string)).toEqual(expect.arrayContaining(["alice", "bob", "carol"]));
    expect(await memberNames(ChannelArn as string)).toHaveLength(3);
  });

  test("a batch adds the members that fit and reports the others as ResourceLimitExceeded", async () => {
    await channel("erin", ["alice"]); // alice is now in 2 channels: her quota
    const { ChannelArn } = await channel("frank");
    const result = await t.messaging.send(
      new BatchCreateChannelMembershipCommand({
        ChannelArn,
        ChimeBearer: app.users.frank,
        MemberArns: [app.users.alice, app.users.bob, app.users.carol, app.users.dave],
      }),
    );
    // bob and carol fill the channel (3 with frank); alice has no room left, dave finds the channel full.
    expect(result.BatchChannelMemberships?.Members?.map((m) => m.Name)).toEqual(["bob", "carol"]);
    expect(result.Errors).toEqual([
      {
        MemberArn: app.users.alice,
        ErrorCode: "ResourceLimitExceeded",
        ErrorMessage: "The request would exceed the quota of 2 channel memberships per app instance user.",
      },
      {
        MemberArn: app.users.dave,
        ErrorCode: "ResourceLimitExceeded",
        ErrorMessage: "The request would exceed the quota of 3 memberships per channel.",
      },
    ]);
  });

  test("moderators per channel: the 3rd is refused, a moderator promoted again adds nothing", async () => {
    const promote = (id: string) =>
      t.messaging.send(
        new CreateChannelModeratorCommand({
          ChannelArn: firstChannel,
          ChimeBearer: app.users.alice,
          ChannelModeratorArn: app.users[id],
        }),
      );
    await promote("dave");
    await expect(promote("erin")).rejects.toBeInstanceOf(MessagingResourceLimitExceededException);
    await expect(promote("dave")).resolves.toMatchObject({
      ChannelArn: firstChannel,
      ChannelModerator: { Arn: app.users.dave },
    });
  });

  test("CreateChannel counts its initial members and moderators, and the channels of the app instance", async () => {
    await expect(channel("dave", ["erin", "frank", "carol"])).rejects.toMatchObject({
      name: "ResourceLimitExceededException",
      message: expect.stringContaining("3 memberships per channel") as string,
    });
    await expect(channel("dave", [], ["erin", "frank"])).rejects.toMatchObject({
      message: expect.stringContaining("2 moderators per channel") as string,
    });
    await channel("dave"); // the fourth channel
    await expect(channel("erin")).rejects.toMatchObject({
      message: expect.stringContaining("4 channels per app instance") as string,
    });
  });

  test("connections per user: a second session of the same user is closed with 1013 while the first is open", async () => {
    const url = () => presignConnectUrl(t.endpoint.port, t.credentials.developer, app.users.bob);
    const first = await TestSession.open(await url());
    await first.waitFor("SESSION_ESTABLISHED");
    const second = await TestSession.open(await url());
    expect(await second.whenClosed()).toBe(CLOSE_TRY_AGAIN_LATER);
    first.close();
    await first.whenClosed();
    const third = await TestSession.open(await url());
    await third.waitFor("SESSION_ESTABLISHED");
    third.close();
  });
});
