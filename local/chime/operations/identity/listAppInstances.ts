import type { ListAppInstancesRequest, ListAppInstancesResponse } from "@aws-sdk/client-chime-sdk-identity";
import { keysetPage } from "../../pagination";
import type { OperationHandler, Services } from "../../services";

export function listAppInstances({
  store,
}: Pick<Services, "store">): OperationHandler<ListAppInstancesRequest, ListAppInstancesResponse> {
  return (input) => {
    const page = keysetPage(
      input,
      { operation: "ListAppInstances" },
      (after, limit) => store.listAppInstances(after, limit),
      (last) => last.arn,
    );
    return {
      AppInstances: page.items.map((row) => ({
        AppInstanceArn: row.arn,
        Name: row.name,
        Metadata: row.metadata ?? undefined,
      })),
      NextToken: page.NextToken,
    };
  };
}
