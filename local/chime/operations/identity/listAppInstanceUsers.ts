import type { ListAppInstanceUsersRequest, ListAppInstanceUsersResponse } from "@aws-sdk/client-chime-sdk-identity";
import { keysetPage } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

export function listAppInstanceUsers({
  store,
}: Pick<Services, "store">): OperationHandler<ListAppInstanceUsersRequest, ListAppInstanceUsersResponse> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    const scope = { operation: "ListAppInstanceUsers", appInstanceArn: appInstance.arn };
    const page = keysetPage(
      input,
      scope,
      (after, limit) => store.listUsers(appInstance.arn, after, limit),
      (last) => last.arn,
    );
    return {
      AppInstanceArn: appInstance.arn,
      AppInstanceUsers: page.items.map((row) => ({
        AppInstanceUserArn: row.arn,
        Name: row.name,
        Metadata: row.metadata ?? undefined,
      })),
      NextToken: page.NextToken,
    };
  };
}
