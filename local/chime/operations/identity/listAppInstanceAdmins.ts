import type { ListAppInstanceAdminsRequest, ListAppInstanceAdminsResponse } from "@aws-sdk/client-chime-sdk-identity";
import { keysetPage } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { identityOf } from "../../views";
import { findAppInstance } from "./findAppInstance";

export function listAppInstanceAdmins({
  store,
}: Pick<Services, "store">): OperationHandler<ListAppInstanceAdminsRequest, ListAppInstanceAdminsResponse> {
  return (input) => {
    const appInstance = findAppInstance(store, input.AppInstanceArn as string);
    const scope = { operation: "ListAppInstanceAdmins", appInstanceArn: appInstance.arn };
    const page = keysetPage(
      input,
      scope,
      (after, limit) => store.listAdmins(appInstance.arn, after, limit),
      (last) => last.adminArn,
    );
    return {
      AppInstanceArn: appInstance.arn,
      AppInstanceAdmins: page.items.map((row) => ({ Admin: identityOf(store, row.adminArn) })),
      NextToken: page.NextToken,
    };
  };
}
