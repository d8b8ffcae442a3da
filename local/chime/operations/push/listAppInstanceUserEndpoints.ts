import type {
  ListAppInstanceUserEndpointsRequest,
  ListAppInstanceUserEndpointsResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
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
    const scope = { operation: "ListAppInstanceUserEndpoints", userArn: user.arn };
    const page = store.listEndpoints(
      user.arn,
      decodeNextToken(input.NextToken, scope, isStringCursor),
      pageSize(input.MaxResults),
    );
    return {
      AppInstanceUserEndpoints: page.items.map(endpointSummaryView),
      NextToken: nextTokenFor(page, scope, (last) => last.endpointId),
    };
  };
}
