import type {
  DescribeAppInstanceUserEndpointRequest,
  DescribeAppInstanceUserEndpointResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import { endpointView } from "../../push/views";
import type { OperationHandler, Services } from "../../services";
import { findEndpoint } from "./findEndpoint";

export function describeAppInstanceUserEndpoint({
  store,
}: Pick<Services, "store">): OperationHandler<
  DescribeAppInstanceUserEndpointRequest,
  DescribeAppInstanceUserEndpointResponse
> {
  return (input) => ({
    AppInstanceUserEndpoint: endpointView(
      findEndpoint(store, input.AppInstanceUserArn as string, input.EndpointId as string).endpoint,
    ),
  });
}
