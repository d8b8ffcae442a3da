import type { OperationHandlers } from "../../services";
import type { Services } from "../../services";
import { listTagsForResource } from "./listTagsForResource";
import { tagResource } from "./tagResource";
import { untagResource } from "./untagResource";

/** Both services: tags of app instances, users, channels and channel flows (one binding for both). */
export function tagOperations(services: Services): OperationHandlers {
  return {
    TagResource: tagResource(services),
    UntagResource: untagResource(services),
    ListTagsForResource: listTagsForResource(services),
  };
}
