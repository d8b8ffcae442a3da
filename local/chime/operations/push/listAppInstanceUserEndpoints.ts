import type {
  ListAppInstanceUserEndpointsRequest,
  ListAppInstanceUserEndpointsResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import { keysetPage } from "../../pagination";
import { endpointSummaryView } from "../../push/views";
import type { OperationHandler, Services } from "../../services";
import { findAppInstanceUser } from "../identity/findAppInstance";

export function listAppInstanceUserEndpoints({
  store,
}: Pick<Services, "store">): OperationHandler<
  ListAppInstanceUserEndpointsRequest,
  ListAppInstanceUserEndpointsResponse
> {
  return (input) => {
    const user = findAppInstanceUser(store, input.AppInstanceUserArn as string);
    const page = keysetPage(
      input,
      { operation: "ListAppInstanceUserEndpoints", userArn: user.arn },
      (after, limit) => store.listEndpoints(user.arn, after, limit),
      (last) => last.endpointId,
    );
    return { AppInstanceUserEndpoints: page.items.map(endpointSummaryView), NextToken: page.NextToken };
  };
}
