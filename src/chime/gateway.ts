/**
 * The gateway over the Chime SDK clients. Every messaging call goes through a `ChimeSession` bound to
 * one `Bearer`, which sets `ChimeBearer` last, after the caller's input, so no input can choose it.
 * Failures come out as `ChimeCallError`s with the API's error codes.
 */
import {
  CreateAppInstanceUserCommand,
  DeregisterAppInstanceUserEndpointCommand,
  DescribeAppInstanceUserEndpointCommand,
  ListAppInstanceUserEndpointsCommand,
  RegisterAppInstanceUserEndpointCommand,
  UpdateAppInstanceUserEndpointCommand,
  type AllowMessages,
  type AppInstanceUserEndpointType,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  AssociateChannelFlowCommand,
  BatchCreateChannelMembershipCommand,
  CreateChannelBanCommand,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  CreateChannelModeratorCommand,
  DeleteChannelBanCommand,
  DeleteChannelCommand,
  DeleteChannelMembershipCommand,
  DeleteChannelMessageCommand,
  DeleteChannelModeratorCommand,
  DescribeChannelBanCommand,
  DescribeChannelCommand,
  DescribeChannelMembershipCommand,
  DescribeChannelMembershipForAppInstanceUserCommand,
  DescribeChannelModeratorCommand,
  GetChannelMembershipPreferencesCommand,
  GetChannelMessageCommand,
  GetChannelMessageStatusCommand,
  GetMessagingSessionEndpointCommand,
  ListChannelBansCommand,
  ListChannelMembershipsCommand,
  ListChannelMembershipsForAppInstanceUserCommand,
  ListChannelMessagesCommand,
  ListChannelModeratorsCommand,
  ListChannelsCommand,
  PutChannelExpirationSettingsCommand,
  PutChannelMembershipPreferencesCommand,
  RedactChannelMessageCommand,
  SearchChannelsCommand,
  SendChannelMessageCommand,
  UpdateChannelCommand,
  UpdateChannelMessageCommand,
  UpdateChannelReadMarkerCommand,
  type BatchCreateChannelMembershipResponse,
  type ChannelMembershipType,
  type SortOrder,
  type ChannelPrivacy,
  type CreateChannelRequest,
  type ExpirationSettings,
  type PushNotificationPreferences,
  type SearchField,
  type SendChannelMessageRequest,
  type UpdateChannelMessageRequest,
  type UpdateChannelRequest,
} from "@aws-sdk/client-chime-sdk-messaging";
import { sdkCallOptions, type DeadlineSignal, type SdkCallOptions } from "../aws/deadline";
import type { Bearer } from "./bearer";
import type { ChimeClients } from "./clients";
import { toChimeCallError, type ChimeCallError } from "./errors";

/** Told about every Chime call, for logs and metrics: never inputs or outputs. */
export type ChimeCallObserver = (event: { operation: string; durationMs: number; error?: ChimeCallError }) => void;

export interface Page {
  maxResults: number;
  nextToken?: string;
}

type Call = <T>(operation: string, send: (options: SdkCallOptions) => Promise<T>) => Promise<T>;

function caller(observe: ChimeCallObserver | undefined, deadline: DeadlineSignal | undefined): Call {
  return async (operation, send) => {
    const started = performance.now();
    try {
      const result = await send(sdkCallOptions(deadline));
      observe?.({ operation, durationMs: performance.now() - started });
      return result;
    } catch (cause) {
      const error = toChimeCallError(operation, cause);
      observe?.({ operation, durationMs: performance.now() - started, error });
      throw error;
    }
  };
}

export class ChimeGateway {
  private readonly call: Call;

  constructor(
    private readonly clients: ChimeClients,
    readonly appInstanceArn: string,
    observe?: ChimeCallObserver,
    /** Ends every call at the request's deadline. */
    deadline?: DeadlineSignal,
  ) {
    this.call = caller(observe, deadline);
  }

  /** Calls as `bearer`. */
  as(bearer: Bearer): ChimeSession {
    return new ChimeSession(this.clients, this.appInstanceArn, bearer, this.call);
  }

  getMessagingSessionEndpoint() {
    return this.call("GetMessagingSessionEndpoint", (sendOptions) =>
      this.clients.messaging.send(new GetMessagingSessionEndpointCommand({}), sendOptions),
    );
  }

  /**
   * Creates the AppInstanceUser `<appInstanceArn>/user/<userId>`; an existing one is left as it is
   * (Chime answers ConflictException), so this is safe to repeat.
   */
  async createAppInstanceUser(userId: string, name: string): Promise<"created" | "exists"> {
    try {
      await this.call("CreateAppInstanceUser", (sendOptions) =>
        this.clients.identity.send(
          new CreateAppInstanceUserCommand({
            AppInstanceArn: this.appInstanceArn,
            AppInstanceUserId: userId,
            Name: name,
          }),
          sendOptions,
        ),
      );
      return "created";
    } catch (error) {
      if ((error as ChimeCallError).awsErrorName === "ConflictException") return "exists";
      throw error;
    }
  }
}

/** Chime messaging as one bearer. Inputs never carry the bearer; it is set after them. */
export class ChimeSession {
  constructor(
    private readonly clients: ChimeClients,
    private readonly appInstanceArn: string,
    readonly bearer: Bearer,
    private readonly call: Call,
  ) {}

  private get messaging() {
    return this.clients.messaging;
  }

  // Channels

  createChannel(input: Omit<CreateChannelRequest, "ChimeBearer" | "AppInstanceArn">) {
    return this.call("CreateChannel", (sendOptions) =>
      this.messaging.send(
        new CreateChannelCommand({ ...input, AppInstanceArn: this.appInstanceArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  describeChannel(channelArn: string) {
    return this.call("DescribeChannel", (sendOptions) =>
      this.messaging.send(
        new DescribeChannelCommand({ ChannelArn: channelArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  updateChannel(input: Omit<UpdateChannelRequest, "ChimeBearer">) {
    return this.call("UpdateChannel", (sendOptions) =>
      this.messaging.send(new UpdateChannelCommand({ ...input, ChimeBearer: this.bearer }), sendOptions),
    );
  }

  deleteChannel(channelArn: string) {
    return this.call("DeleteChannel", (sendOptions) =>
      this.messaging.send(new DeleteChannelCommand({ ChannelArn: channelArn, ChimeBearer: this.bearer }), sendOptions),
    );
  }

  /** Needs a moderator or admin as the bearer (a channel's creator is its moderator). */
  associateChannelFlow(channelArn: string, channelFlowArn: string) {
    return this.call("AssociateChannelFlow", (sendOptions) =>
      this.messaging.send(
        new AssociateChannelFlowCommand({
          ChannelArn: channelArn,
          ChannelFlowArn: channelFlowArn,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  listChannels(privacy: ChannelPrivacy, page: Page) {
    return this.call("ListChannels", (sendOptions) =>
      this.messaging.send(
        new ListChannelsCommand({
          AppInstanceArn: this.appInstanceArn,
          Privacy: privacy,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  /** The bearer's own channels with its read state. */
  listOwnChannelMemberships(page: Page) {
    return this.call("ListChannelMembershipsForAppInstanceUser", (sendOptions) =>
      this.messaging.send(
        new ListChannelMembershipsForAppInstanceUserCommand({
          AppInstanceUserArn: this.bearer,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  /** The bearer's own membership of one channel, with its read state. */
  describeOwnChannelMembership(channelArn: string) {
    return this.call("DescribeChannelMembershipForAppInstanceUser", (sendOptions) =>
      this.messaging.send(
        new DescribeChannelMembershipForAppInstanceUserCommand({
          ChannelArn: channelArn,
          AppInstanceUserArn: this.bearer,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  updateReadMarker(channelArn: string) {
    return this.call("UpdateChannelReadMarker", (sendOptions) =>
      this.messaging.send(
        new UpdateChannelReadMarkerCommand({ ChannelArn: channelArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  // Memberships

  createMembership(channelArn: string, memberArn: string, type: ChannelMembershipType) {
    return this.call("CreateChannelMembership", (sendOptions) =>
      this.messaging.send(
        new CreateChannelMembershipCommand({
          ChannelArn: channelArn,
          MemberArn: memberArn,
          Type: type,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  batchCreateMemberships(
    channelArn: string,
    memberArns: string[],
    type: ChannelMembershipType,
  ): Promise<BatchCreateChannelMembershipResponse> {
    return this.call("BatchCreateChannelMembership", (sendOptions) =>
      this.messaging.send(
        new BatchCreateChannelMembershipCommand({
          ChannelArn: channelArn,
          MemberArns: memberArns,
          Type: type,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  describeMembership(channelArn: string, memberArn: string) {
    return this.call("DescribeChannelMembership", (sendOptions) =>
      this.messaging.send(
        new DescribeChannelMembershipCommand({
          ChannelArn: channelArn,
          MemberArn: memberArn,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  deleteMembership(channelArn: string, memberArn: string) {
    return this.call("DeleteChannelMembership", (sendOptions) =>
      this.messaging.send(
        new DeleteChannelMembershipCommand({ ChannelArn: channelArn, MemberArn: memberArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  listMemberships(channelArn: string, type: ChannelMembershipType, page: Page) {
    return this.call("ListChannelMemberships", (sendOptions) =>
      this.messaging.send(
        new ListChannelMembershipsCommand({
          ChannelArn: channelArn,
          Type: type,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  // Moderators

  createModerator(channelArn: string, moderatorArn: string) {
    return this.call("CreateChannelModerator", (sendOptions) =>
      this.messaging.send(
        new CreateChannelModeratorCommand({
          ChannelArn: channelArn,
          ChannelModeratorArn: moderatorArn,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  describeModerator(channelArn: string, moderatorArn: string) {
    return this.call("DescribeChannelModerator", (sendOptions) =>
      this.messaging.send(
        new DescribeChannelModeratorCommand({
          ChannelArn: channelArn,
          ChannelModeratorArn: moderatorArn,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  deleteModerator(channelArn: string, moderatorArn: string) {
    return this.call("DeleteChannelModerator", (sendOptions) =>
      this.messaging.send(
        new DeleteChannelModeratorCommand({
          ChannelArn: channelArn,
          ChannelModeratorArn: moderatorArn,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  listModerators(channelArn: string, page: Page) {
    return this.call("ListChannelModerators", (sendOptions) =>
      this.messaging.send(
        new ListChannelModeratorsCommand({
          ChannelArn: channelArn,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  // Bans

  createBan(channelArn: string, memberArn: string) {
    return this.call("CreateChannelBan", (sendOptions) =>
      this.messaging.send(
        new CreateChannelBanCommand({ ChannelArn: channelArn, MemberArn: memberArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  describeBan(channelArn: string, memberArn: string) {
    return this.call("DescribeChannelBan", (sendOptions) =>
      this.messaging.send(
        new DescribeChannelBanCommand({ ChannelArn: channelArn, MemberArn: memberArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  deleteBan(channelArn: string, memberArn: string) {
    return this.call("DeleteChannelBan", (sendOptions) =>
      this.messaging.send(
        new DeleteChannelBanCommand({ ChannelArn: channelArn, MemberArn: memberArn, ChimeBearer: this.bearer }),
        sendOptions,
      ),
    );
  }

  listBans(channelArn: string, page: Page) {
    return this.call("ListChannelBans", (sendOptions) =>
      this.messaging.send(
        new ListChannelBansCommand({
          ChannelArn: channelArn,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  // Messages

  sendMessage(input: Omit<SendChannelMessageRequest, "ChimeBearer">) {
    return this.call("SendChannelMessage", (sendOptions) =>
      this.messaging.send(new SendChannelMessageCommand({ ...input, ChimeBearer: this.bearer }), sendOptions),
    );
  }

  /**
   * The sender's own messages only: SENT, PENDING (a channel flow processing it) or FAILED.
   * `subChannelId`: the sub-channel of an elastic channel the message is in.
   */
  getMessageStatus(channelArn: string, messageId: string, subChannelId?: string) {
    return this.call("GetChannelMessageStatus", (sendOptions) =>
      this.messaging.send(
        new GetChannelMessageStatusCommand({
          ChannelArn: channelArn,
          MessageId: messageId,
          SubChannelId: subChannelId,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  /** `subChannelId`: the sub-channel of an elastic channel the message is in. */
  getMessage(channelArn: string, messageId: string, subChannelId?: string) {
    return this.call("GetChannelMessage", (sendOptions) =>
      this.messaging.send(
        new GetChannelMessageCommand({
          ChannelArn: channelArn,
          MessageId: messageId,
          SubChannelId: subChannelId,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  listMessages(
    channelArn: string,
    options: { sortOrder: SortOrder; notBefore?: Date; notAfter?: Date; subChannelId?: string },
    page: Page,
  ) {
    return this.call("ListChannelMessages", (sendOptions) =>
      this.messaging.send(
        new ListChannelMessagesCommand({
          ChannelArn: channelArn,
          SortOrder: options.sortOrder,
          NotBefore: options.notBefore,
          NotAfter: options.notAfter,
          SubChannelId: options.subChannelId,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  updateMessage(input: Omit<UpdateChannelMessageRequest, "ChimeBearer">) {
    return this.call("UpdateChannelMessage", (sendOptions) =>
      this.messaging.send(new UpdateChannelMessageCommand({ ...input, ChimeBearer: this.bearer }), sendOptions),
    );
  }

  redactMessage(channelArn: string, messageId: string, subChannelId?: string) {
    return this.call("RedactChannelMessage", (sendOptions) =>
      this.messaging.send(
        new RedactChannelMessageCommand({
          ChannelArn: channelArn,
          MessageId: messageId,
          SubChannelId: subChannelId,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  deleteMessage(channelArn: string, messageId: string, subChannelId?: string) {
    return this.call("DeleteChannelMessage", (sendOptions) =>
      this.messaging.send(
        new DeleteChannelMessageCommand({
          ChannelArn: channelArn,
          MessageId: messageId,
          SubChannelId: subChannelId,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  // Search and expiration

  /** The channels the bearer belongs to (an AppInstanceAdmin: all) whose members match `fields`. */
  searchChannels(fields: SearchField[], page: Page) {
    return this.call("SearchChannels", (sendOptions) =>
      this.messaging.send(
        new SearchChannelsCommand({
          Fields: fields,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  /** Sets when the channel is deleted; without settings, clears them. */
  putChannelExpirationSettings(channelArn: string, settings: ExpirationSettings | undefined) {
    return this.call("PutChannelExpirationSettings", (sendOptions) =>
      this.messaging.send(
        new PutChannelExpirationSettingsCommand({
          ChannelArn: channelArn,
          ExpirationSettings: settings,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  // Push: the bearer's own devices (AppInstanceUserEndpoints) and notification preferences. The identity
  // API takes no bearer header: the user is the AppInstanceUserArn, the bearer here too, never input.

  registerOwnEndpoint(input: {
    type: AppInstanceUserEndpointType;
    pushAppArn: string;
    deviceToken: string;
    voipDeviceToken?: string;
    name?: string;
  }) {
    return this.call("RegisterAppInstanceUserEndpoint", (sendOptions) =>
      this.clients.identity.send(
        new RegisterAppInstanceUserEndpointCommand({
          Type: input.type,
          ResourceArn: input.pushAppArn,
          EndpointAttributes: { DeviceToken: input.deviceToken, VoipDeviceToken: input.voipDeviceToken },
          Name: input.name,
          AllowMessages: "ALL",
          AppInstanceUserArn: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  listOwnEndpoints(page: Page) {
    return this.call("ListAppInstanceUserEndpoints", (sendOptions) =>
      this.clients.identity.send(
        new ListAppInstanceUserEndpointsCommand({
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
          AppInstanceUserArn: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  describeOwnEndpoint(endpointId: string) {
    return this.call("DescribeAppInstanceUserEndpoint", (sendOptions) =>
      this.clients.identity.send(
        new DescribeAppInstanceUserEndpointCommand({ EndpointId: endpointId, AppInstanceUserArn: this.bearer }),
        sendOptions,
      ),
    );
  }

  updateOwnEndpoint(endpointId: string, changes: { name?: string; allowMessages?: AllowMessages }) {
    return this.call("UpdateAppInstanceUserEndpoint", (sendOptions) =>
      this.clients.identity.send(
        new UpdateAppInstanceUserEndpointCommand({
          EndpointId: endpointId,
          Name: changes.name,
          AllowMessages: changes.allowMessages,
          AppInstanceUserArn: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  deregisterOwnEndpoint(endpointId: string) {
    return this.call("DeregisterAppInstanceUserEndpoint", (sendOptions) =>
      this.clients.identity.send(
        new DeregisterAppInstanceUserEndpointCommand({ EndpointId: endpointId, AppInstanceUserArn: this.bearer }),
        sendOptions,
      ),
    );
  }

  getOwnPreferences(channelArn: string) {
    return this.call("GetChannelMembershipPreferences", (sendOptions) =>
      this.messaging.send(
        new GetChannelMembershipPreferencesCommand({
          ChannelArn: channelArn,
          MemberArn: this.bearer,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }

  putOwnPreferences(channelArn: string, pushNotifications: PushNotificationPreferences) {
    return this.call("PutChannelMembershipPreferences", (sendOptions) =>
      this.messaging.send(
        new PutChannelMembershipPreferencesCommand({
          ChannelArn: channelArn,
          Preferences: { PushNotifications: pushNotifications },
          MemberArn: this.bearer,
          ChimeBearer: this.bearer,
        }),
        sendOptions,
      ),
    );
  }
}
