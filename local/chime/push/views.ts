/**
 * Stored push rows -> the SDK's output shapes (as views.ts does for the other resources): device
 * endpoints (identity API) and membership preferences (messaging API).
 */
import type { AppInstanceUserEndpoint, AppInstanceUserEndpointSummary } from "@aws-sdk/client-chime-sdk-identity";
import type { ChannelMembershipPreferences } from "@aws-sdk/client-chime-sdk-messaging";
import type { EndpointRow, PreferencesRow } from "../../store/store";

function endpointState(row: EndpointRow): AppInstanceUserEndpoint["EndpointState"] {
  // "When ACTIVE, the EndpointStatusReason remains empty" (the model).
  return { Status: row.status, ...(row.statusReason === null ? {} : { StatusReason: row.statusReason }) };
}

/** An endpoint: its summary, and its push app, device tokens and times. */
export function endpointView(row: EndpointRow): AppInstanceUserEndpoint {
  return {
    ...endpointSummaryView(row),
    ResourceArn: row.resourceArn,
    EndpointAttributes: {
      DeviceToken: row.deviceToken,
      ...(row.voipDeviceToken === null ? {} : { VoipDeviceToken: row.voipDeviceToken }),
    },
    CreatedTimestamp: new Date(row.createdAt),
    LastUpdatedTimestamp: new Date(row.updatedAt),
  };
}

export function endpointSummaryView(row: EndpointRow): AppInstanceUserEndpointSummary {
  return {
    AppInstanceUserArn: row.userArn,
    EndpointId: row.endpointId,
    Name: row.name ?? undefined,
    Type: row.type,
    AllowMessages: row.allowMessages,
    EndpointState: endpointState(row),
  };
}

/**
 * A member's preferences; none stored reads as the documented default, "all the members of a push
 * notification channel receive the push notifications" (AllowNotifications ALL).
 */
export function preferencesView(row: PreferencesRow | undefined): ChannelMembershipPreferences {
  if (!row) return { PushNotifications: { AllowNotifications: "ALL" } };
  return {
    PushNotifications: {
      AllowNotifications: row.allowNotifications,
      ...(row.filterRule === null ? {} : { FilterRule: row.filterRule }),
    },
  };
}
