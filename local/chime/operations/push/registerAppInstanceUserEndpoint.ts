import type {
  RegisterAppInstanceUserEndpointRequest,
  RegisterAppInstanceUserEndpointResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import { BadRequestError } from "../../errors";
import { idempotent } from "../../idempotency";
import { requireWithinQuota } from "../../quotas";
import type { OperationHandler, Services } from "../../services";
import type { EndpointType } from "../../../store/store";
import { findAppInstanceUser } from "../identity/findAppInstance";

/**
 * Registers a device (APNS, APNS_SANDBOX, GCM) under a user, for pushes through the push application
 * named by ResourceArn. IAM checks `chime:RegisterAppInstanceUserEndpoint` on the user and, before this
 * runs, `mobiletargeting:GetApp` on ResourceArn ("Otherwise, the Amazon Chime SDK throws a 403 Forbidden
 * error", developer guide, "Register a mobile device endpoint": iamResources.ts).
 *
 * ResourceArn must name a push application of this account and region ("must reside in the same AWS
 * account and region", guide). One that does not is not refused: the endpoint is registered INACTIVE
 * with INVALID_PINPOINT_ARN, which the model describes as "INACTIVE due to an invalid pinpoint ARN that
 * was input through the ResourceArn field" (_reading_: decided when registering, since the local account
 * knows its apps at once).
 */
export function registerAppInstanceUserEndpoint({
  store,
  clock,
  ids,
  config,
}: Pick<Services, "store" | "clock" | "ids" | "config">): OperationHandler<
  RegisterAppInstanceUserEndpointRequest,
  RegisterAppInstanceUserEndpointResponse
> {
  return (input) => {
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    const type = input.Type as EndpointType;
    const attributes = input.EndpointAttributes as { DeviceToken: string; VoipDeviceToken?: string };
    // "The VOIP device token for the APNS and APNS_SANDBOX endpoint types" (the model): refused for GCM.
    if (type === "GCM" && attributes.VoipDeviceToken !== undefined) {
      throw new BadRequestError("VoipDeviceToken is only for APNS and APNS_SANDBOX endpoints.");
    }
    const { ClientRequestToken, ...parameters } = input;
    return idempotent(
      store,
      `RegisterAppInstanceUserEndpoint ${user.arn}`,
      ClientRequestToken as string,
      parameters,
      () => {
        requireWithinQuota(config.quotas, "endpointsPerUser", store.countEndpoints(user.arn));
        const resourceArn = input.ResourceArn as string;
        const known = store.getPushApp(resourceArn) !== undefined;
        const now = clock.now().getTime();
        const endpointId = ids.next();
        store.insertEndpoint({
          endpointId,
          userArn: user.arn,
          name: input.Name ?? null,
          type,
          resourceArn,
          deviceToken: attributes.DeviceToken,
          voipDeviceToken: attributes.VoipDeviceToken ?? null,
          allowMessages: input.AllowMessages ?? "ALL",
          status: known ? "ACTIVE" : "INACTIVE",
          statusReason: known ? null : "INVALID_PINPOINT_ARN",
          createdAt: now,
          updatedAt: now,
        });
        return { AppInstanceUserArn: user.arn, EndpointId: endpointId };
      },
    );
  };
}
