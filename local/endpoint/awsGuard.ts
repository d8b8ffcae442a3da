/**
 * The request guard of the local endpoint: SigV4 on every request, then IAM before every Chime
 * operation, with the resources AWS checks for that action. Chime's implicit authorization (roles in
 * the channel) comes after this, inside the operations.
 *
 * Tag conditions (docs/aws-behaviour.md §3): a request that carries tags (Tags: the creates and
 * TagResource) sets `aws:RequestTag/<key>` and `aws:TagKeys`; UntagResource sets `aws:TagKeys` to the
 * keys it removes; and every resource checked brings its own tags as `aws:ResourceTag/<key>` (the
 * Service Authorization Reference gives that key to Chime's app instances, users, channels and channel
 * flows).
 */
import type { LocalAccount } from "../account/account";
import { principalContext } from "../account/principal";
import { chimeResources, dependentPermissions } from "../chime/iamResources";
import type { Clock } from "../chime/services";
import { authorize, type RequestContextKeys } from "../iam/evaluate";
import { SigV4Error, verifySigV4 } from "../sigv4/verify";
import { AccessDeniedError, ForbiddenError } from "../chime/errors";
import type { RequestGuard } from "./protocol";

/** Signing names by protocol: Chime messaging and identity sign as `chime`, STS as `sts`. */
const SIGNING_NAME = { restJson1: "chime", awsQuery: "sts" } as const;

/**
 * `region` is the endpoint's: a request signed for another region is refused, as every regional AWS
 * endpoint refuses it (InvalidSignatureException / SignatureDoesNotMatch, "Credential should be scoped
 * to a valid region", docs/aws-behaviour.md §5). STS included: the endpoint stands for the regional
 * STS endpoint of its region, which is what SDK v3 calls by default.
 */
export function createAwsGuard(
  account: LocalAccount,
  clock: Clock,
  region: string,
  resourceTags?: (arn: string) => Record<string, string>,
): RequestGuard {
  return {
    authenticate(request) {
      const verified = verifySigV4(request, {
        lookup: (accessKeyId) => account.credential(accessKeyId),
        now: clock.now(),
        services: [SIGNING_NAME[request.protocol]],
        regions: [region],
      });
      const principal = account.principal(verified.accessKeyId);
      if (!principal)
        throw new SigV4Error("UnknownAccessKey", "The security token included in the request is invalid.");
      return principal;
    },

    authorize(principal, operation, input) {
      const action = `chime:${operation.name}`;
      const context: RequestContextKeys = principalContext(principal, clock.now());
      const tags = input.Tags;
      if (Array.isArray(tags)) {
        const requestTags = tags as { Key?: string; Value?: string }[];
        context["aws:TagKeys"] = requestTags.map((tag) => tag.Key ?? "");
        for (const tag of requestTags) if (tag.Key !== undefined) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
      }
      if (Array.isArray(input.TagKeys)) context["aws:TagKeys"] = input.TagKeys as string[];
      const decide = (action: string, resources: string[]) =>
        authorize({
          principalArn: principal.arn,
          identityPolicies: principal.identityPolicies,
          sessionPolicies: principal.sessionPolicies,
          action,
          resources,
          context,
          resourceTags,
        });
      const decision = decide(action, chimeResources(operation.name, input));
      if (!decision.allowed) throw new AccessDeniedError(decision.message);
      for (const dependent of dependentPermissions(operation.name, input)) {
        if (!decide(dependent.action, [dependent.resource]).allowed) {
          throw new ForbiddenError(`The caller is not allowed to call ${dependent.action} on ${dependent.resource}.`);
        }
      }
    },
  };
}
