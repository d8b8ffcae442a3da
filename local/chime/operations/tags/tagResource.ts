import type { TagResourceRequest } from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError, ResourceLimitExceededError } from "../../errors";
import type { OperationHandler, Services } from "../../services";
import { requireTaggableResource } from "./taggableResource";

/**
 * AWS's tagging rules for every service ("Tagging best practices", "Tag naming limits and
 * requirements"): at most 50 tags on a resource (ResourceLimitExceededException, which the model
 * declares); keys beginning with `aws:` are AWS's own and cannot be set (BadRequestException). A key
 * already on the resource gets the new value. Keys are case-sensitive.
 */
export const MAX_TAGS_PER_RESOURCE = 50;

export function tagResource({ store }: Pick<Services, "store">): OperationHandler<TagResourceRequest, void> {
  return (input) => {
    const arn = input.ResourceARN as string;
    const tags = input.Tags ?? [];
    if (tags.some((tag) => tag.Key?.toLowerCase().startsWith("aws:"))) {
      throw new BadRequestError("Tag keys beginning with aws: are reserved for AWS's use.");
    }
    store.transaction(() => {
      requireTaggableResource(store, arn);
      const present = new Set(store.listTags(arn).map((tag) => tag.Key));
      const added = new Set(tags.map((tag) => tag.Key).filter((key) => !present.has(key as string)));
      if (present.size + added.size > MAX_TAGS_PER_RESOURCE) {
        throw new ResourceLimitExceededError(`A resource has at most ${MAX_TAGS_PER_RESOURCE} tags.`);
      }
      store.putTags(arn, tags);
    });
  };
}
