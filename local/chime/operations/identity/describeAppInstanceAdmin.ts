import type {
  DescribeAppInstanceAdminRequest,
  DescribeAppInstanceAdminResponse,
} from "@aws-sdk/client-chime-sdk-identity";
import { ForbiddenError } from "../../errors";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";

/** A user who is not an admin of that app instance, or an unknown app instance, is a ForbiddenException. */
export function describeAppInstanceAdmin({
  store,
}: Pick<Services, "store">): OperationHandler<DescribeAppInstanceAdminRequest, DescribeAppInstanceAdminResponse> {
  return (input) => {
    const admin = store.getAdmin(input.AppInstanceArn as string, input.AppInstanceAdminArn as string);
    if (!admin) throw new ForbiddenError("The user is not an AppInstanceAdmin of the app instance.");
    return {
      AppInstanceAdmin: {
        Admin: identityOf(store, admin.adminArn),
        AppInstanceArn: admin.appInstanceArn,
        CreatedTimestamp: new Date(admin.createdAt),
      },
    };
  };
}
