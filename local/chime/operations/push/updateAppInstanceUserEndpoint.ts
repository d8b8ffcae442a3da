import type {
  UpdateAppInstanceUserEndpointRequest,
  UpdateAppInstanceUserEndpointResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findEndpoint } from "./findEndpoint";

/**
 * Name and AllowMessages, both optional in the model: one left out keeps its value (_reading_). The
 * device tokens and the push application are the registration's (registering anew changes them).
 */
export function updateAppInstanceUserEndpoint({
  store,
  clock,
}: Pick<Services, "store" | "clock">): OperationHandler<
  UpdateAppInstanceUserEndpointRequest,
  UpdateAppInstanceUserEndpointResponse
> {
  return (input) => {
    const { user, endpoint } = findEndpoint(store, input.AppInstanceUserArn as string, input.EndpointId as string);
    store.updateEndpoint(endpoint.endpointId, {
      ...endpoint,
      name: input.Name ?? endpoint.name,
      allowMessages: input.AllowMessages ?? endpoint.allowMessages,
      updatedAt: clock.now().getTime(),
    });
    return { AppInstanceUserArn: user.arn, EndpointId: endpoint.endpointId };
  };
}
