/**
 * A member's notification level in a channel, as Chime membership preferences (developer guide, "Using
 * filter rules to filter messages"). Chime pushes every message to every member by default, "including
 * message senders"; the guide's answer is a filter rule, so every level but NONE is a FILTERED rule that
 * leaves out the member's own messages (the `sender` attribute the API sets on every message it pushes):
 * - ALL: `{"sender":[{"anything-but":["<me>"]}]}`;
 * - MENTIONS: the same and `"mentions":["<me>"]` (AND: a message that mentions me, not by me);
 * - NONE: AllowNotifications NONE.
 * `<me>` is the member's user id (the ARN's last part), as in the attributes (messagePush.ts).
 */
import type { PushNotificationPreferences } from "@aws-sdk/client-chime-sdk-messaging";

export type NotificationLevel = "ALL" | "MENTIONS" | "NONE";

/** What the preferences mean: a level of ours, Chime's default (all, the member's own messages too), or another rule. */
export type ReadLevel = NotificationLevel | "DEFAULT" | "CUSTOM";

export const SENDER_ATTRIBUTE = "sender";
export const MENTIONS_ATTRIBUTE = "mentions";

function rule(level: "ALL" | "MENTIONS", userId: string): Record<string, unknown> {
  const notMine = { [SENDER_ATTRIBUTE]: [{ "anything-but": [userId] }] };
  return level === "ALL" ? notMine : { ...notMine, [MENTIONS_ATTRIBUTE]: [userId] };
}

export function preferencesFor(level: NotificationLevel, userId: string): PushNotificationPreferences {
  if (level === "NONE") return { AllowNotifications: "NONE" };
  return { AllowNotifications: "FILTERED", FilterRule: JSON.stringify(rule(level, userId)) };
}

/** JSON with object keys sorted, so that two spellings of one rule compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function levelOf(preferences: PushNotificationPreferences | undefined, userId: string): ReadLevel {
  switch (preferences?.AllowNotifications) {
    case undefined:
    case "ALL":
      return "DEFAULT";
    case "NONE":
      return "NONE";
    default: {
      let parsed: unknown;
      try {
        parsed = JSON.parse(preferences?.FilterRule ?? "");
      } catch {
        return "CUSTOM";
      }
      const text = canonical(parsed);
      if (text === canonical(rule("ALL", userId))) return "ALL";
      if (text === canonical(rule("MENTIONS", userId))) return "MENTIONS";
      return "CUSTOM";
    }
  }
}
