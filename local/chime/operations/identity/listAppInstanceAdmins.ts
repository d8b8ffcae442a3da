import type { ListAppInstanceAdminsRequest, ListAppInstanceAdminsResponse } from "@aws-sdk/client-chime-sdk-identity";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { findAppInstance } from "./findAppInstance";

export function listAppInstanceAdmins({
  store,
}: Pick<Services, "store">): OperationHandler<ListAppInstanceAdminsRequest, ListAppInstanceAdminsResponse> {
  return (input) => {
    const limit = pageSize(input.MaxResults);
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    const scope = { operation: "ListAppInstanceAdmins", appInstanceArn: appInstance.arn };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    const page = store.listAdmins(appInstance.arn, after, limit);
    return {
      AppInstanceArn: appInstance.arn,
      AppInstanceAdmins: page.items.map((row) => ({ Admin: identityOf(store, row.adminArn) })),
      NextToken: nextTokenFor(page, scope, (last) => last.adminArn),
    };
  };
}
