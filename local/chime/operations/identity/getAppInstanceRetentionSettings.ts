import type {
  GetAppInstanceRetentionSettingsRequest,
  GetAppInstanceRetentionSettingsResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

/**
 * The retention the app instance has: none set is an empty answer (both members are optional in the
 * model); retention turned off is `ChannelRetentionSettings: {}`, as it was put.
 */
export function getAppInstanceRetentionSettings({
  store,
}: Pick<Services, "store">): OperationHandler<
  GetAppInstanceRetentionSettingsRequest,
  GetAppInstanceRetentionSettingsResponse
> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    const retention = store.getRetention(appInstance.arn);
    if (!retention) return {};
    const days = retention.retentionDays ?? undefined;
    return {
      AppInstanceRetentionSettings: { ChannelRetentionSettings: { RetentionDays: days } },
      InitiateDeletionTimestamp:
        retention.initiateDeletionAt === null ? undefined : new Date(retention.initiateDeletionAt),
    };
  };
}
