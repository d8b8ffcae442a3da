import type { ExpirationSettings } from "@aws-sdk/client-chime-sdk-identity";
import { checkEnum, checkRange, checkRequired } from "../../validate";

/**
 * Users expire only by CREATED_TIMESTAMP in the identity model. The settings are stored and returned;
 * the endpoint does not run AWS's background deletion of expired users.
 */
export function checkExpirationSettings(settings: ExpirationSettings | undefined): void {
  if (!settings) return;
  checkRequired("expirationSettings.expirationDays", settings.ExpirationDays);
  checkRequired("expirationSettings.expirationCriterion", settings.ExpirationCriterion);
  checkRange("expirationSettings.expirationDays", settings.ExpirationDays, 1, 5475);
  checkEnum("expirationSettings.expirationCriterion", settings.ExpirationCriterion, ["CREATED_TIMESTAMP"]);
}
