/** Test helpers for channels on the local endpoint, through the SDK. */
import {
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
  type ChannelMembershipType,
  type ChannelMode,
  type ChannelPrivacy,
  type ChimeSDKMessagingClient,
  type CreateChannelRequest,
  type SendChannelMessageCommandOutput,
  type SendChannelMessageRequest,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { AppFixture, TestEndpoint } from "./localEndpoint";

export interface ChannelOptions {
  owner: string;
  privacy?: ChannelPrivacy;
  mode?: ChannelMode;
  members?: string[];
  moderators?: string[];
}

/** Creates a channel as `owner` (a user id of the app) and returns its ARN. */
export async function createChannel(
  chime: ChimeSDKMessagingClient,
  app: AppFixture,
  options: ChannelOptions,
): Promise<string> {
  const { ChannelArn } = await chime.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "test channel",
      ChimeBearer: app.users[options.owner],
      Privacy: options.privacy,
      Mode: options.mode,
      MemberArns: options.members?.map((id) => app.users[id]),
      ModeratorArns: options.moderators?.map((id) => app.users[id]),
    }),
  );
  return ChannelArn as string;
}

/**
 * Creates a channel from CreateChannel's own input, as `creator` (a user id of the app) unless it names
 * a ChimeBearer, and returns its ARN.
 */
export async function createChannelAs(
  chime: ChimeSDKMessagingClient,
  app: AppFixture,
  creator: string,
  input: Partial<CreateChannelRequest> = {},
): Promise<string> {
  const { ChannelArn } = await chime.send(
    new CreateChannelCommand({
      AppInstanceArn: app.appInstanceArn,
      Name: "test channel",
      ChimeBearer: app.users[creator],
      ...input,
    }),
  );
  return ChannelArn as string;
}

/**
 * Adds a HIDDEN membership straight in the endpoint's store, for the tests of operations that read one
 * (adding hidden members is CreateChannelMembership's job, tested there).
 */
export function insertHiddenMembership(
  t: TestEndpoint,
  membership: { channelArn: string; memberArn: string; invitedBy: string; at?: number },
): void {
  const at = membership.at ?? Date.now();
  t.endpoint.services.store.insertMembership({
    channelArn: membership.channelArn,
    memberArn: membership.memberArn,
    type: "HIDDEN",
    invitedBy: membership.invitedBy,
    createdAt: at,
    updatedAt: at,
    readMarkerAt: null,
  });
}

/** Adds a member of `type` to a channel as `bearer` (CreateChannelMembership). */
export async function addMember(
  chime: ChimeSDKMessagingClient,
  channelArn: string,
  bearer: string,
  memberArn: string,
  type: ChannelMembershipType,
): Promise<void> {
  await chime.send(
    new CreateChannelMembershipCommand({
      ChannelArn: channelArn,
      ChimeBearer: bearer,
      MemberArn: memberArn,
      Type: type,
    }),
  );
}

/**
 * Sends a persistent STANDARD message (with `extra` fields of SendChannelMessage) and returns
 * SendChannelMessage's answer (the id, and the status: SENT, or PENDING in a channel with a flow).
 */
export function sendMessageAnswer(
  chime: ChimeSDKMessagingClient,
  channelArn: string,
  bearer: string,
  content: string,
  extra: Partial<SendChannelMessageRequest> = {},
): Promise<SendChannelMessageCommandOutput> {
  return chime.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: bearer,
      Content: content,
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      ...extra,
    }),
  );
}

/** Sends a persistent STANDARD message (with `extra` fields of SendChannelMessage) and returns its id. */
export async function sendMessage(
  chime: ChimeSDKMessagingClient,
  channelArn: string,
  bearer: string,
  content: string,
  extra: Partial<SendChannelMessageRequest> = {},
): Promise<string> {
  const { MessageId } = await sendMessageAnswer(chime, channelArn, bearer, content, extra);
  return MessageId as string;
}

/** Every message id of a channel, oldest first (the channel's order), read page by page as `bearer`. */
export async function messageIdsInOrder(
  chime: ChimeSDKMessagingClient,
  channelArn: string,
  bearer: string,
): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await chime.send(
      new ListChannelMessagesCommand({
        ChannelArn: channelArn,
        ChimeBearer: bearer,
        SortOrder: "ASCENDING",
        MaxResults: 50,
        NextToken,
      }),
    );
    ids.push(...(page.ChannelMessages ?? []).map((m) => m.MessageId as string));
    NextToken = page.NextToken;
  } while (NextToken);
  return ids;
}
