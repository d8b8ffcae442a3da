import type { ListAppInstanceUsersRequest, ListAppInstanceUsersResponse } from "@aws-sdk/client-chime-sdk-identity";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { findAppInstance } from "./findAppInstance";

export function listAppInstanceUsers({
  store,
}: Pick<Services, "store">): OperationHandler<ListAppInstanceUsersRequest, ListAppInstanceUsersResponse> {
  return (input) => {
    const limit = pageSize(input.MaxResults);
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    const scope = { operation: "ListAppInstanceUsers", appInstanceArn: appInstance.arn };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    const page = store.listUsers(appInstance.arn, after, limit);
    return {
      AppInstanceArn: appInstance.arn,
      AppInstanceUsers: page.items.map((row) => ({
        AppInstanceUserArn: row.arn,
        Name: row.name,
        Metadata: row.metadata ?? undefined,
      })),
      NextToken: nextTokenFor(page, scope, (last) => last.arn),
    };
  };
}
