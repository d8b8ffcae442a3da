import type {
  PutAppInstanceRetentionSettingsRequest,
  PutAppInstanceRetentionSettingsResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import { RETENTION_GRACE_MS } from "../../retention";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/**
 * Sets the app instance's message retention; `ChannelRetentionSettings: {}` (no RetentionDays) turns it
 * off, as the developer guide's "Disabling" example does. InitiateDeletionTimestamp, "the time at which
 * the API deletes data", is the end of the 30-day grace period that every setting or change starts
 * (DG "Managing message retention"; local/chime/retention.ts); none while retention is off.
 */
export function putAppInstanceRetentionSettings({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  PutAppInstanceRetentionSettingsRequest,
  PutAppInstanceRetentionSettingsResponse
> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    const days = input.AppInstanceRetentionSettings?.ChannelRetentionSettings?.RetentionDays ?? null;
    const now = clock.now().getTime();
    const initiateDeletionAt = days === null ? null : now + RETENTION_GRACE_MS;
    store.putRetention({ appInstanceArn: appInstance.arn, retentionDays: days, initiateDeletionAt, updatedAt: now });
    return {
      AppInstanceRetentionSettings: input.AppInstanceRetentionSettings,
      InitiateDeletionTimestamp: initiateDeletionAt === null ? undefined : new Date(initiateDeletionAt),
    };
  };
}
