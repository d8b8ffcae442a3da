/**
 * The resources TagResource, UntagResource and ListTagsForResource act on. Both Chime services have
 * these operations with one HTTP binding (`/tags`), so one handler serves them: identity's app instances
 * and users, messaging's channels and channel flows, told apart by the ARN. A resource that does not
 * exist is a ForbiddenException: the models declare no NotFoundException for them, and the service
 * folds "not visible" into 403 (docs/aws-behaviour.md §2).
 */
import type { Store } from "../../../store/store";
import { ForbiddenError } from "../../errors";

type ResourceLookup = Pick<Store, "getAppInstance" | "getUser" | "getChannel" | "getChannelFlow">;

/** Kinds of taggable resources by the ARN's form (the developer guide's ARN forms, local/chime/arns.ts). */
const TAGGABLE: { pattern: RegExp; exists: (store: ResourceLookup, arn: string) => boolean }[] = [
  { pattern: /^arn:aws:chime:[^:]*:\d*:app-instance\/[^/]+$/, exists: (store, arn) => !!store.getAppInstance(arn) },
  {
    pattern: /^arn:aws:chime:[^:]*:\d*:app-instance\/[^/]+\/user\/[^/]+$/,
    exists: (store, arn) => !!store.getUser(arn),
  },
  {
    pattern: /^arn:aws:chime:[^:]*:\d*:app-instance\/[^/]+\/channel\/[^/]+$/,
    exists: (store, arn) => !!store.getChannel(arn),
  },
  {
    // CreateChannelFlow takes Tags, and a flow's ARN is a messaging resource TagResource applies to.
    pattern: /^arn:aws:chime:[^:]*:\d*:app-instance\/[^/]+\/channel-flow\/[^/]+$/,
    exists: (store, arn) => !!store.getChannelFlow(arn),
  },
];

export function requireTaggableResource(store: ResourceLookup, arn: string): void {
  const kind = TAGGABLE.find((candidate) => candidate.pattern.test(arn));
  if (!kind || !kind.exists(store, arn)) {
    throw new ForbiddenError("The resource does not exist or cannot be tagged.");
  }
}
