/**
 * The app instance's message retention, a deployment parameter (`messageRetentionDays`) that the
 * AppInstance custom resource applies on Create and Update: a number of days, or "off". Chime starts a
 * 30-day grace period at every PutAppInstanceRetentionSettings ("You can restore messages to users
 * within 30 days of setting or updating a message-retention period"), so the setting is read first and
 * put only when it differs: a deploy that changes nothing else does not postpone the deletion.
 */
import {
  GetAppInstanceRetentionSettingsCommand,
  PutAppInstanceRetentionSettingsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import { BootstrapStepError, type IdentityClient } from "./appInstance";

export type MessageRetention = number | "off";

/** The property's value: days (1 to 5475), "off", or undefined when absent (retention left alone). */
export function readMessageRetention(value: string | undefined): MessageRetention | undefined | "invalid" {
  if (value === undefined) return undefined;
  if (value.toLowerCase() === "off") return "off";
  const days = Number(value);
  return /^\d+$/.test(value) && days >= 1 && days <= 5475 ? days : "invalid";
}

/** Puts the retention if the app instance's differs; returns whether it did. */
export async function applyMessageRetention(
  identity: IdentityClient,
  appInstanceArn: string,
  retention: MessageRetention,
): Promise<boolean> {
  const wanted = retention === "off" ? undefined : retention;
  let current: number | undefined;
  try {
    const { AppInstanceRetentionSettings } = await identity.send(
      new GetAppInstanceRetentionSettingsCommand({ AppInstanceArn: appInstanceArn }),
    );
    current = AppInstanceRetentionSettings?.ChannelRetentionSettings?.RetentionDays;
  } catch (error) {
    throw new BootstrapStepError("GetAppInstanceRetentionSettings", error);
  }
  if (current === wanted) return false;
  try {
    await identity.send(
      new PutAppInstanceRetentionSettingsCommand({
        AppInstanceArn: appInstanceArn,
        AppInstanceRetentionSettings: {
          ChannelRetentionSettings: wanted === undefined ? {} : { RetentionDays: wanted },
        },
      }),
    );
  } catch (error) {
    throw new BootstrapStepError("PutAppInstanceRetentionSettings", error);
  }
  return true;
}
