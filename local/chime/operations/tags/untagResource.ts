import type { UntagResourceRequest } from "@aws-sdk/client-chime-sdk-messaging";
import type { OperationHandler, Services } from "../../services";
import { requireTaggableResource } from "./taggableResource";

/** Removes the keys given; a key the resource does not have is no error (the end state holds). */
export function untagResource({ store }: Pick<Services, "store">): OperationHandler<UntagResourceRequest, void> {
  return (input) => {
    const arn = input.ResourceARN as string;
    store.transaction(() => {
      requireTaggableResource(store, arn);
      store.deleteTagKeys(arn, input.TagKeys ?? []);
    });
  };
}
