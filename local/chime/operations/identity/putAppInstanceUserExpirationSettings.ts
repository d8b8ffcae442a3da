import type {
  PutAppInstanceUserExpirationSettingsRequest,
  PutAppInstanceUserExpirationSettingsResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstanceUser } from "./findAppInstance";

/**
 * Sets, or clears when ExpirationSettings is left out, when the user is deleted: ExpirationDays after
 * its creation (identity's one criterion), by the sweep (local/chime/expiry.ts). Authorized by IAM only,
 * as every identity operation; a missing user is a ForbiddenException (findAppInstance.ts).
 */
export function putAppInstanceUserExpirationSettings({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  PutAppInstanceUserExpirationSettingsRequest,
  PutAppInstanceUserExpirationSettingsResponse
> {
  return (input) => {
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    const settings = input.ExpirationSettings;
    store.setUserExpiration(user.arn, settings ? JSON.stringify(settings) : null, clock.now().getTime());
    return { AppInstanceUserArn: user.arn, ExpirationSettings: settings };
  };
}
