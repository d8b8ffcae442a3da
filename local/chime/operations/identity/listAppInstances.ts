import type { ListAppInstancesRequest, ListAppInstancesResponse } from "@aws-sdk/client-chime-sdk-identity";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";

export function listAppInstances({
  store,
}: Pick<Services, "store">): OperationHandler<ListAppInstancesRequest, ListAppInstancesResponse> {
  return (input) => {
    const limit = pageSize(input.MaxResults);
    const scope = { operation: "ListAppInstances" };
    const page = store.listAppInstances(decodeNextToken(input.NextToken, scope, isStringCursor), limit);
    return {
      AppInstances: page.items.map((row) => ({
        AppInstanceArn: row.arn,
        Name: row.name,
        Metadata: row.metadata ?? undefined,
      })),
      NextToken: nextTokenFor(page, scope, (last) => last.arn),
    };
  };
}
