import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from "@aws-sdk/client-chime-sdk-messaging";
import type { OperationHandler, Services } from "../../services";
import { requireTaggableResource } from "./taggableResource";

/** Every tag of the resource, in key order (the model has no paging for them: at most 50). */
export function listTagsForResource({
  store,
}: Pick<Services, "store">): OperationHandler<ListTagsForResourceRequest, ListTagsForResourceResponse> {
  return (input) => {
    const arn = input.ResourceARN as string;
    requireTaggableResource(store, arn);
    return { Tags: store.listTags(arn) };
  };
}
