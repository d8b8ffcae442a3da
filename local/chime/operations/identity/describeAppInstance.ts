import type { DescribeAppInstanceRequest, DescribeAppInstanceResponse } from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { appInstanceView } from "../../views";
import { findAppInstance } from "./findAppInstance";

export function describeAppInstance({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeAppInstanceRequest, DescribeAppInstanceResponse> {
  return (input) => ({ AppInstance: appInstanceView(findAppInstance(store, input.AppInstanceArn as string)) });
}
