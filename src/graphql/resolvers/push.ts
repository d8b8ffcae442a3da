/** Mobile push: the caller's devices, notification levels, and the mentions of messages. */
import { levelOf, MENTIONS_ATTRIBUTE, preferencesFor, type NotificationLevel } from "../../push/notificationLevels";
import type { DevicePlatform as ChimePlatform } from "../../push/devices";
import { badUserInput } from "../errors";
import type { DevicePlatform, Resolvers } from "../generated/resolvers";
import { optionalText, pushFeature } from "../push";
import { inputs, required } from "./shared";

/** Tokens as APNs (hex) and FCM (letters, digits, `:_-`) give them; Chime takes 1 to 1600 characters. */
const DEVICE_TOKEN = /^[\x21-\x7e]{1,1600}$/;
/** Chime's endpoint ids (String64). */
const DEVICE_ID = /^[\w-]{1,64}$/;
const DEVICE_NAME_MAX = 100;

const toChime: Record<DevicePlatform, ChimePlatform> = { APNS: "APNS", APNS_SANDBOX: "APNS_SANDBOX", FCM: "GCM" };
const fromChime: Record<ChimePlatform, DevicePlatform> = { APNS: "APNS", APNS_SANDBOX: "APNS_SANDBOX", GCM: "FCM" };

function token(field: string, value: string): string {
  if (!DEVICE_TOKEN.test(value)) {
    throw badUserInput(
      field,
      `${field} must be the token APNs or FCM gave the app (1 to 1600 characters, no spaces).`,
      1600,
    );
  }
  return value;
}

export const pushResolvers: Resolvers = {
  Query: {
    myDevices: (_parent, _args, context) => pushFeature(context).devices.list(context.chime),
  },
  Mutation: {
    registerDevice: (_parent, { input }, context) => {
      const { devices } = pushFeature(context);
      const voip = input.voipDeviceToken ?? undefined;
      if (voip !== undefined && input.platform === "FCM") {
        throw badUserInput("input.voipDeviceToken", "input.voipDeviceToken is for APNS and APNS_SANDBOX devices only.");
      }
      return devices.register(context.chime, {
        platform: toChime[input.platform],
        deviceToken: token("input.deviceToken", input.deviceToken),
        voipDeviceToken: voip === undefined ? undefined : token("input.voipDeviceToken", voip),
        name: optionalText("input.name", input.name, DEVICE_NAME_MAX),
      });
    },
    unregisterDevice: async (_parent, args, context) => {
      const { devices } = pushFeature(context);
      const deviceId = args.deviceId ?? undefined;
      const deviceToken = args.deviceToken ?? undefined;
      if ((deviceId === undefined) === (deviceToken === undefined)) {
        throw badUserInput("deviceId", "Give either deviceId or deviceToken.");
      }
      if (deviceId !== undefined) {
        if (!DEVICE_ID.test(deviceId))
          throw badUserInput("deviceId", "deviceId must be a device id from myDevices.", 64);
        return (await devices.unregister(context.chime, { deviceId })) > 0;
      }
      return (
        (await devices.unregister(context.chime, { deviceToken: token("deviceToken", deviceToken as string) })) > 0
      );
    },
    setNotificationLevel: async (_parent, args, context) => {
      const { senders } = pushFeature(context);
      const channelArn = inputs(context).channel("channelArn", args.channelArn);
      if (args.level === "CUSTOM") {
        throw badUserInput("level", "level must be ALL, MENTIONS or NONE (CUSTOM is only read).");
      }
      const level: NotificationLevel = args.level;
      await context.chime.putOwnPreferences(channelArn, preferencesFor(level, context.identity.sub));
      senders.forget(context.identity.bearer, channelArn);
      return level;
    },
  },
  MyChannel: {
    notificationLevel: async (membership, _args, context) => {
      pushFeature(context);
      const channelArn = required(membership.ChannelSummary?.ChannelArn, "a channel ARN");
      // A membership in a sub-channel is one of a large channel, which the API sends no push (push.ts)
      // and where Chime keeps no preferences to read.
      if (membership.AppInstanceUserMembershipSummary?.SubChannelId !== undefined) return "NONE";
      const { Preferences } = await context.chime.getOwnPreferences(channelArn);
      const level = levelOf(Preferences?.PushNotifications, context.identity.sub);
      // Chime's default pushes everything: ALL for the member (their own messages are left out when they send).
      return level === "DEFAULT" ? "ALL" : level;
    },
  },
  Device: {
    id: (device) => required(device.EndpointId, "an endpoint id"),
    platform: (device) => fromChime[required(device.Type, "an endpoint type")],
    name: (device) => device.Name || null,
    enabled: (device) => device.AllowMessages !== "NONE",
    state: (device) => required(device.EndpointState?.Status, "an endpoint state"),
    stateReason: (device) => device.EndpointState?.StatusReason ?? null,
    registeredAt: (device) => device.CreatedTimestamp ?? null,
  },
  Message: {
    mentions: (message, _args, context) =>
      (message.MessageAttributes?.[MENTIONS_ATTRIBUTE]?.StringValues ?? []).map(
        (userId) => `${context.appInstanceArn}/user/${userId}`,
      ),
  },
};
