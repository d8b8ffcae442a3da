/** Test helpers for channels on the local endpoint, through the SDK. */
import {
  CreateChannelCommand,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
  type ChannelMode,
  type ChannelPrivacy,
  type ChimeSDKMessagingClient,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { AppFixture } from "./localEndpoint";

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

/** Sends a persistent STANDARD message and returns its id. */
export async function sendMessage(
  chime: ChimeSDKMessagingClient,
  channelArn: string,
  bearer: string,
  content: string,
): Promise<string> {
  const { MessageId } = await chime.send(
    new SendChannelMessageCommand({
      ChannelArn: channelArn,
      ChimeBearer: bearer,
      Content: content,
      Type: "STANDARD",
      Persistence: "PERSISTENT",
    }),
  );
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
