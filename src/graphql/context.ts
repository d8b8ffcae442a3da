/**
 * What every resolver gets: the request's id and logger, the verified caller, Chime as the caller, and
 * the caller's own vended credentials.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { CallerIdentity } from "../auth/identity";
import type { ChimeGateway, ChimeSession } from "../chime/gateway";
import type { VendedCredentials } from "../credentials/vendor";
import type { PushFeature } from "../push/feature";
import type { ModerationDecisions } from "../moderation/decisions";
import type { TypingSignalLimiter } from "./typingSignal";

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  identity: CallerIdentity;
  appInstanceArn: string;
  /** The AWS region of Chime (and STS). */
  region: string;
  /** Chime with the caller's AppInstanceUser as bearer. */
  chime: ChimeSession;
  /**
   * Chime with the backend service user (an AppInstanceAdmin) as bearer, for the operations Chime
   * reserves for admins. Throws FORBIDDEN unless the caller is in the admin group.
   */
  chimeAsAdmin(): ChimeSession;
  /** Calls without a bearer (the messaging-session endpoint). */
  gateway: ChimeGateway;
  /**
   * STS credentials that act only as the caller's AppInstanceUser (bound to the verified identity, like
   * `chime`: no argument can name another user), cached per user until 5 minutes before expiry.
   */
  credentials(): Promise<VendedCredentials>;
  /** The messaging-session endpoint as `host[:port]`, asked of Chime once per container. */
  messagingSessionEndpoint(): Promise<string>;
  /** How often each caller may send the typing signal (one limiter per container). */
  typingSignals: TypingSignalLimiter;
  /** Mobile push (src/push), one per container; undefined without a push application (NOT_CONFIGURED). */
  push: PushFeature | undefined;
  /** With moderation: the channel flow new channels run, and the processor's denials (src/moderation). */
  moderation: { channelFlowArn?: string; denials?: Pick<ModerationDecisions, "denialOf"> };
}
