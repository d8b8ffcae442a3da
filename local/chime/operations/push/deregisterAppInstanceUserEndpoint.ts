import type { DeregisterAppInstanceUserEndpointRequest } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { findAppInstanceUser } from "../identity/findAppInstance";

/**
 * Deregistering an endpoint the user does not have is a 204 that changes nothing, as deleting what is
 * not there is elsewhere (the model lists no NotFoundException: _reading_); an unknown user is a 403.
 */
export function deregisterAppInstanceUserEndpoint({
  store,
}: Pick<Services, "store">): OperationHandler<DeregisterAppInstanceUserEndpointRequest, void> {
  return (input) => {
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    if (store.getEndpoint(user.arn, input.EndpointId as string)) store.deleteEndpoint(input.EndpointId as string);
  };
}
