import type {
  DescribeAppInstanceUserRequest,
  DescribeAppInstanceUserResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import type { OperationHandler, Services } from "../../services";
import { appInstanceUserView } from "../../views";
import { findAppInstanceUser } from "./findAppInstance";

export function describeAppInstanceUser({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeAppInstanceUserRequest, DescribeAppInstanceUserResponse> {
  return (input) => ({
    AppInstanceUser: appInstanceUserView(findAppInstanceUser(store, input.AppInstanceUserArn as string)),
  });
}
