/**
 * The one decision on who may do what at the local endpoint, for every protocol: the HTTP adapter
 * (Chime's restJson1, STS's awsQuery, the control route) and the messaging WebSocket ask it, and each
 * turns a refusal into its own protocol's answer (an HTTP error, a close code). `authenticate` checks
 * SigV4 and finds the principal behind the key; `authorize` asks IAM whether the principal may perform
 * `chime:<action>` on each resource AWS checks for that action. Chime's implicit authorization (roles
 * in the app instance and the channel, local/chime/access.ts) comes after this. The two steps are
 * apart because AWS validates a request between them (local/endpoint/restJson.ts).
 *
 * Tag conditions (docs/aws-behaviour.md §3): a request that carries tags (Tags: the creates and
 * TagResource) sets `aws:RequestTag/<key>` and `aws:TagKeys`; UntagResource sets `aws:TagKeys` to the
 * keys it removes; and every resource checked brings its own tags as `aws:ResourceTag/<key>` (the
 * Service Authorization Reference gives that key to Chime's app instances, users, channels and channel
 * flows).
 */
import type { LocalAccount } from "../account/account";
import { principalContext, type Principal } from "../account/principal";
import { chimeResources, dependentPermissions } from "../chime/iamResources";
import type { Clock } from "../chime/services";
import { authorize, type RequestContextKeys } from "../iam/evaluate";
import { SigV4Error, verifySigV4, type IncomingSignedRequest } from "../sigv4/verify";
import { AccessDeniedError, ForbiddenError } from "../chime/errors";

/** The service a request is signed for: Chime messaging and identity (and their WebSocket) sign as `chime`, STS as `sts`. */
export type SigningName = "chime" | "sts";

/**
 * `authenticate` throws a SigV4Error; `authorize` an AccessDeniedError (IAM) or a ForbiddenError (a
 * dependent permission), and sees the bound, validated input (bearer, channel ARN).
 */
export interface Guard {
  authenticate(request: IncomingSignedRequest, signingName: SigningName): Principal;
  /** `action` without its `chime:` prefix: an operation's name, or `Connect` for the WebSocket. */
  authorize(principal: Principal, action: string, input: Record<string, unknown>): void;
}

/**
 * `region` is the endpoint's: a request signed for another region is refused, as every regional AWS
 * endpoint refuses it (InvalidSignatureException / SignatureDoesNotMatch, "Credential should be scoped
 * to a valid region", docs/aws-behaviour.md §5). STS included: the endpoint stands for the regional
 * STS endpoint of its region, which is what SDK v3 calls by default.
 */
export function createGuard(
  account: LocalAccount,
  clock: Clock,
  region: string,
  resourceTags?: (arn: string) => Record<string, string>,
): Guard {
  return {
    authenticate(request, signingName) {
      const verified = verifySigV4(request, {
        lookup: (accessKeyId) => account.credential(accessKeyId),
        now: clock.now(),
        services: [signingName],
        regions: [region],
      });
      const principal = account.principal(verified.accessKeyId);
      if (!principal)
        throw new SigV4Error("UnknownAccessKey", "The security token included in the request is invalid.");
      return principal;
    },

    authorize(principal, action, input) {
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
      const decision = decide(`chime:${action}`, chimeResources(action, input));
      if (!decision.allowed) throw new AccessDeniedError(decision.message);
      for (const dependent of dependentPermissions(action, input)) {
        if (!decide(dependent.action, [dependent.resource]).allowed) {
          throw new ForbiddenError(`The caller is not allowed to call ${dependent.action} on ${dependent.resource}.`);
        }
      }
    },
  };
}
